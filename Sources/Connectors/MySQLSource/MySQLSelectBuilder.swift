import Foundation
import MySQLClient
import NIOCore
import SyncEngine

/// Builds the SELECT text of the snapshot reader: the select list (FLOAT as `c + 0e0`, see
/// `MySQLSnapshotSource`), key-range predicates with key values rendered as typed literals, and ORDER BY.
/// Tuple comparisons are written expanded (`k1 > v1 OR (k1 = v1 AND k2 > v2)`) so that MariaDB uses the index.
struct MySQLSelectBuilder {
    /// The table.
    var table: TableName
    /// Key columns with their types, in key order.
    var key: [ColumnSchema]

    /// The quoted table name.
    var quotedTable: String { MySQLSQLText.quoteIdentifier(schema: table.schema, table: table.name) }

    /// The select-list expression of one column.
    static func selectExpression(_ column: ColumnSchema) -> String {
        let quoted = MySQLSQLText.quoteIdentifier(column.name)
        return column.type.kind == .float ? "(\(quoted) + 0e0)" : quoted
    }

    /// The select list of `columns`.
    static func selectList(_ columns: [ColumnSchema]) -> String {
        columns.map(selectExpression).joined(separator: ", ")
    }

    /// `ORDER BY` text for the key in index order.
    var orderByKey: String { key.map { MySQLSQLText.quoteIdentifier($0.name) }.joined(separator: ", ") }

    /// `key >= lower` (`inclusive`) or `key > lower`.
    func greater(than tuple: KeyTuple, inclusive: Bool) throws -> String {
        try compare(tuple, strict: ">", inclusive: inclusive)
    }

    /// `key < upper`.
    func less(than tuple: KeyTuple) throws -> String {
        try compare(tuple, strict: "<", inclusive: false)
    }

    /// The WHERE text for `lower <= key < upper` and the extra filter; empty when there is none.
    func rangeWhere(_ chunk: ChunkRange, whereClause: String) throws -> String {
        var parts: [String] = []
        if let lower = chunk.lower { parts.append("(\(try greater(than: lower, inclusive: true)))") }
        if let upper = chunk.upper { parts.append("(\(try less(than: upper)))") }
        let extra = whereClause.trimmingPrefixSpaces()
        if !extra.isEmpty { parts.append("(\(extra))") }
        return parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND ")
    }

    private func compare(_ tuple: KeyTuple, strict: String, inclusive: Bool) throws -> String {
        guard tuple.values.count == key.count, !key.isEmpty else {
            throw SyncEngineError(
                .invalidConfiguration, "a chunk bound of \(table) has \(tuple.values.count) values for \(key.count) key columns")
        }
        let names = key.map { MySQLSQLText.quoteIdentifier($0.name) }
        let literals = try zip(key, tuple.values).map { try Self.literal(Array($1), for: $0) }
        var terms: [String] = []
        for index in key.indices {
            var conditions = (0..<index).map { "\(names[$0]) = \(literals[$0])" }
            conditions.append("\(names[index]) \(strict) \(literals[index])")
            terms.append(conditions.count == 1 ? conditions[0] : "(" + conditions.joined(separator: " AND ") + ")")
        }
        if inclusive {
            terms.append("(" + key.indices.map { "\(names[$0]) = \(literals[$0])" }.joined(separator: " AND ") + ")")
        }
        return terms.joined(separator: " OR ")
    }

    /// A key value as a SQL literal by the column's type: numbers unquoted once checked to be numeric, binary and
    /// BIT as X'hex', ENUM as its 1-based member index and SET as its bit mask (both order by number in MySQL),
    /// everything else as an escaped string literal.
    static func literal(_ value: [UInt8], for column: ColumnSchema) throws -> String {
        let type = column.type
        switch type.kind {
        case .tinyInt, .smallInt, .mediumInt, .int, .bigInt, .decimal, .float, .double, .year:
            guard MySQLSQLText.isNumericLiteral(value) else {
                throw SyncEngineError(.invalidConfiguration, "key value of \(column.name) is not a number")
            }
            return String(decoding: value, as: UTF8.self)
        case .binary, .varbinary, .blob, .bit, .geometry:
            var buffer = ByteBuffer()
            MySQLSQLText.appendHexLiteral(value, to: &buffer)
            return String(buffer: buffer)
        case .enum:
            let text = String(decoding: value, as: UTF8.self)
            guard let index = type.members.firstIndex(of: text) else {
                return text.isEmpty ? "0" : MySQLSQLText.stringLiteral(text)
            }
            return String(index + 1)
        case .set:
            let text = String(decoding: value, as: UTF8.self)
            var mask: UInt64 = 0
            for member in text.split(separator: ",") {
                guard let index = type.members.firstIndex(of: String(member)), index < 64 else {
                    return MySQLSQLText.stringLiteral(text)
                }
                mask |= 1 << UInt64(index)
            }
            return String(mask)
        default:
            var buffer = ByteBuffer()
            MySQLSQLText.appendStringLiteral(value, to: &buffer)
            return String(decoding: buffer.readableBytesView, as: UTF8.self)
        }
    }
}
