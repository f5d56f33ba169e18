import NIOCore
import SyncEngine

/// A row's key as display text for dirty records and error messages: each key value as UTF-8 text, binary
/// families as `0x` hex, NULL as `NULL`; every value for a table whose key is not read.
enum MySQLKeyText {
    /// The key values of a whole row of `plan` (plan column order).
    static func of(_ row: Row, plan: TablePlan) -> [String] {
        let indexes = plan.keyIndexesInRow ?? Array(0..<row.count)
        return indexes.map { index in
            guard let value = row[index] else { return "NULL" }
            guard index < plan.columns.count, plan.columns[index].type.isBinary else {
                return String(decoding: value.readableBytesView, as: UTF8.self)
            }
            let digits = Array("0123456789abcdef")
            return "0x" + String(value.readableBytesView.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
        }
    }
}
