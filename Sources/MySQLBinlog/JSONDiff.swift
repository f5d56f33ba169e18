/// One logical change to a JSON document, as MySQL 8.0+ writes it in the after image of a
/// PARTIAL_UPDATE_ROWS_EVENT (`binlog_row_value_options=PARTIAL_JSON`; MySQL source `sql/json_diff.cc`,
/// `Json_diff_vector::write_binary`: operation byte, length-encoded path, then for REPLACE and INSERT a
/// length-encoded binary JSON value).
public struct JSONDiff: Hashable, Sendable {
    /// What the diff does at ``path``.
    public enum Operation: UInt8, Hashable, Sendable {
        /// The value at the path is replaced (`JSON_SET`/`JSON_REPLACE` of an existing member or element).
        case replace = 0
        /// A member is added to an object, or an element inserted into an array at the path's index.
        case insert = 1
        /// The member or element at the path is removed.
        case remove = 2
    }

    /// The operation.
    public var operation: Operation
    /// The MySQL JSON path of the change, e.g. `$.c.d` or `$.b[1]`.
    public var path: String
    /// The new value as JSON text (nil for ``Operation/remove``).
    public var value: String?

    /// The memberwise initialiser.
    public init(operation: Operation, path: String, value: String?) {
        self.operation = operation
        self.path = path
        self.value = value
    }

    /// Reads the diffs of one partially updated JSON column: they fill the value's bytes exactly.
    static func readAll(_ reader: inout RawReader) throws(MySQLBinlogError) -> [JSONDiff] {
        var diffs: [JSONDiff] = []
        while reader.readableBytes > 0 {
            let rawOperation = try reader.readLE(UInt8.self, "JSON diff operation")
            guard let operation = Operation(rawValue: rawOperation) else {
                throw .malformed("JSON diff operation \(rawOperation)")
            }
            let pathLength = try reader.readLengthEncodedCount("JSON diff path length")
            let path = try reader.readReader(pathLength, "JSON diff path")
            var value: String?
            if operation != .remove {
                let valueLength = try reader.readLengthEncodedCount("JSON diff value length")
                value = try JSONBinary.decode(raw: try reader.readReader(valueLength, "JSON diff value").base)
            }
            diffs.append(JSONDiff(operation: operation, path: String(decoding: path.base, as: UTF8.self), value: value))
        }
        return diffs
    }
}

extension RawReader {
    /// A length-encoded integer that counts bytes still to come.
    mutating func readLengthEncodedCount(_ what: @autoclosure () -> String) throws(MySQLBinlogError) -> Int {
        let value = try readLengthEncodedInteger(what())
        guard value <= UInt64(readableBytes) else { throw .truncated(what()) }
        return Int(value)
    }
}
