import MySQLClient
import NIOCore
import SyncEngine

/// Builds `DELETE` statements that remove rows by their key values (MySQL Reference Manual 15.2.2 "DELETE
/// Statement", 14.4.2 "Comparison Functions and Operators"), straight into bytes:
/// - one key column: `DELETE FROM t WHERE k IN (v1,v2,...)`;
/// - a composite key: `DELETE FROM t WHERE (k1,k2) IN ((v1,w1),(v2,w2),...)`;
/// - no usable key (every column stands in, NULL possible): `DELETE FROM t WHERE (c1 <=> v1 AND ...) OR (...)`.
/// Values are written as `MySQLInsertBuilder` writes them, so a key matches the row it was inserted as.
struct MySQLDeleteBuilder {
    private enum Shape {
        case single, tuple, nullSafe
    }

    private let prefix: String
    private let shape: Shape
    private let columns: [String]
    private let kinds: [ColumnType.Kind]
    /// Indexes in a whole row (`TablePlan.columns` order) of the values that identify it.
    let keyIndexes: [Int]

    /// A builder for `plan`'s destination, keyed by the plan's key columns, or by every column when the key is
    /// not read. With `markingDeleted` (HandleDml `LogicalDelete`) the statements are
    /// `UPDATE t SET marker = 1 WHERE ...` on the plan's `logicalDeleteColumn` instead of deletes.
    init(plan: TablePlan, markingDeleted: Bool = false) {
        let indexes = plan.keyIndexesInRow ?? Array(plan.columns.indices)
        keyIndexes = indexes
        columns = indexes.map { MySQLSQLText.quoteIdentifier(plan.destinationColumns[$0]) }
        kinds = indexes.map { plan.columns[$0].type.kind }
        let table = MySQLSQLText.quoteIdentifier(schema: plan.destination.schema, table: plan.destination.name)
        var statement = "DELETE FROM " + table + " WHERE "
        if markingDeleted, let marker = plan.logicalDeleteColumn {
            statement = "UPDATE " + table + " SET " + MySQLSQLText.quoteIdentifier(marker) + " = 1 WHERE "
        }
        if plan.keyIndexesInRow == nil {
            shape = .nullSafe
            prefix = statement
        } else if indexes.count == 1 {
            shape = .single
            prefix = statement + columns[0] + " IN ("
        } else {
            shape = .tuple
            prefix = statement + "(" + columns.joined(separator: ",") + ") IN ("
        }
    }

    /// Starts a statement in `buffer` (cleared first).
    func begin(_ buffer: inout ByteBuffer) {
        buffer.clear()
        buffer.writeString(prefix)
    }

    /// Appends one key, taking `row[indexes[i]]` as the value of key column `i` (`indexes` is
    /// `keyIndexes` for a whole row, `0..<keyIndexes.count` for a key row), preceded by a separator unless first.
    func append(_ row: Row, at indexes: [Int], first: Bool, to buffer: inout ByteBuffer) {
        switch shape {
        case .single:
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            MySQLInsertBuilder.appendLiteral(value(row, indexes[0]), kind: kinds[0], to: &buffer)
        case .tuple:
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            buffer.writeInteger(UInt8(ascii: "("))
            for position in indexes.indices {
                if position > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                MySQLInsertBuilder.appendLiteral(value(row, indexes[position]), kind: kinds[position], to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: ")"))
        case .nullSafe:
            if !first { buffer.writeStaticString(" OR ") }
            buffer.writeInteger(UInt8(ascii: "("))
            for position in indexes.indices {
                if position > 0 { buffer.writeStaticString(" AND ") }
                buffer.writeString(columns[position])
                buffer.writeStaticString(" <=> ")
                MySQLInsertBuilder.appendLiteral(value(row, indexes[position]), kind: kinds[position], to: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: ")"))
        }
    }

    /// Ends the statement.
    func end(_ buffer: inout ByteBuffer) {
        if shape != .nullSafe { buffer.writeInteger(UInt8(ascii: ")")) }
    }

    private func value(_ row: Row, _ index: Int) -> ByteBuffer? {
        row[index]
    }
}
