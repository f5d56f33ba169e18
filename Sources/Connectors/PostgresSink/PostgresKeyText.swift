import NIOCore
import SyncEngine

/// A row's key as text for error messages (`id=5, code=0x0a`): text values as they are, binary values in hex.
enum PostgresKeyText {
    /// The key of a whole row (plan column order).
    static func key(ofRow row: Row, plan: TablePlan, keyIndexes: [Int]) -> String {
        key(keyIndexes.map { row[$0] }, plan: plan, keyIndexes: keyIndexes)
    }

    /// A key given as its values, in `keyIndexes` order.
    static func key(_ values: [ByteBuffer?], plan: TablePlan, keyIndexes: [Int]) -> String {
        zip(values, keyIndexes).map { value, index in
            guard index < plan.columns.count else { return "?" }
            return plan.destinationColumns[index] + "=" + text(value, binary: plan.columns[index].type.isBinary)
        }.joined(separator: ", ")
    }

    /// One value: NULL, text, or `0x` and hex digits.
    static func text(_ value: ByteBuffer?, binary: Bool) -> String {
        guard let value else { return "NULL" }
        guard binary else { return String(buffer: value) }
        return "0x"
            + value.readableBytesView.map { byte in
                let digits = String(byte, radix: 16)
                return byte < 16 ? "0" + digits : digits
            }.joined()
    }
}
