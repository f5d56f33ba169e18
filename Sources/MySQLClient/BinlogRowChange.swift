import Foundation
import MySQLBinlog

/// One row change as `tide binlog tail` prints it: position, transaction id, table, kind, and the before/after
/// images with column names and typed values (DECIMAL as an exact string, binary as base64, dates ISO-8601).
public struct BinlogRowChange: Sendable {
    /// The transaction's GTID (`0-1-5` on MariaDB, `uuid:n` on MySQL), when known.
    public var gtid: String?
    /// The binlog file and the position after the rows event.
    public var position: BinlogPosition
    /// The event timestamp (epoch seconds).
    public var timestamp: UInt32
    /// Schema and table.
    public var database: String
    /// Table name.
    public var table: String
    /// insert, update or delete.
    public var kind: RowsEvent.Kind
    /// Column name and value before the change (update/delete); absent columns (partial images) are omitted.
    public var before: [(String, MySQLValue)]?
    /// Column name and value after the change (insert/update).
    public var after: [(String, MySQLValue)]?

    /// The JSON object, keys in the documented order.
    public var json: JSONText {
        let type: String
        switch kind {
        case .insert: type = "insert"
        case .update: type = "update"
        case .delete: type = "delete"
        }
        func image(_ values: [(String, MySQLValue)]?) -> JSONText {
            guard let values else { return .null }
            return .object(values.map { ($0.0, Self.json($0.1)) })
        }
        return .object([
            ("gtid", gtid.map(JSONText.string) ?? .null), ("file", .string(position.file)),
            ("pos", .number(String(position.position))), ("ts", .number(String(timestamp))),
            ("db", .string(database)), ("table", .string(table)), ("type", .string(type)),
            ("before", image(before)), ("after", image(after)),
        ])
    }

    /// Splits a decoded rows event into row changes, naming columns from the TABLE_MAP metadata, then
    /// `columnNames` (e.g. loaded from information_schema), then `col_N`.
    public static func changes(
        from event: RowsEvent, header: BinlogEventHeader, position: BinlogPosition, gtid: String?,
        columnNames: [String]? = nil
    ) -> [BinlogRowChange] {
        let table = event.table
        func name(_ index: Int) -> String {
            if let name = table?.columns[safe: index]?.name { return name }
            if let name = columnNames?[safe: index] { return name }
            return "col_\(index + 1)"
        }
        func named(_ values: [MySQLValue?]?) -> [(String, MySQLValue)]? {
            guard let values else { return nil }
            return values.enumerated().compactMap { index, value in value.map { (name(index), $0) } }
        }
        return event.rows.map { row in
            BinlogRowChange(
                gtid: gtid, position: position, timestamp: header.timestamp, database: table?.database ?? "",
                table: table?.table ?? "", kind: event.kind, before: named(row.before), after: named(row.after))
        }
    }

    /// The JSON form of one value.
    public static func json(_ value: MySQLValue) -> JSONText {
        switch value {
        case .null: return .null
        case .signed(let v): return .number(String(v))
        case .unsigned(let v): return .number(String(v))
        case .float(let v): return v.isFinite ? .number("\(v)") : .string("\(v)")
        case .double(let v): return v.isFinite ? .number("\(v)") : .string("\(v)")
        case .decimal(let text): return .string(text)
        case .string(let bytes, _):
            if let text = value.text { return .string(text) }
            return .string(Data(bytes).base64EncodedString())
        case .bytes(let bytes), .geometry(let bytes): return .string(Data(bytes).base64EncodedString())
        case .date(let date): return .string(date.description)
        case .time(let time): return .string(time.description)
        case .datetime(let dt): return .string(dt.description.replacingOccurrences(of: " ", with: "T"))
        case .timestamp(let seconds, let micros):
            return .string(isoUTC(seconds: seconds, microseconds: micros))
        case .year(let year): return .number(String(year))
        case .bit(let bits, _): return .number(String(bits))
        case .enumeration(let index, let name): return name.map(JSONText.string) ?? .number(String(index))
        case .set(let mask, let members): return members.map { .array($0.map(JSONText.string)) } ?? .number(String(mask))
        case .json(let text): return .raw(text.isEmpty ? "null" : text)
        }
    }

    static func isoUTC(seconds: Int64, microseconds: UInt32) -> String {
        let time = UTCCivilTime(epochSeconds: seconds)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var text = "\(pad(time.year, 4))-\(pad(time.month, 2))-\(pad(time.day, 2))T\(pad(time.hour, 2)):"
            + "\(pad(time.minute, 2)):\(pad(time.second, 2))"
        if microseconds > 0 { text += "." + pad(Int64(microseconds), 6) }
        return text + "Z"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
