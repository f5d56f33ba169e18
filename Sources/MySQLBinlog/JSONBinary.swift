import NIOCore

/// Decoder of MySQL's binary JSON (MySQL source `sql-common/json_binary.cc`, WL#8132 "JSON datatype and
/// binary storage format") to the text MySQL prints for it (`{"a": 1, "b": [true, null]}`: `", "` and `": "`
/// separators, keys in stored order).
///
/// Layout: a type byte, then the value. Objects and arrays (small: 2-byte offsets, large: 4-byte) hold an
/// element count and byte size, key entries (offset, 2-byte length), value entries (type + offset, or the
/// value itself when it fits); offsets are relative to the start of the container.
public enum JSONBinary {
    /// Nesting limit (MySQL's own is 100).
    static let maximumDepth = 150

    /// Decodes a whole binary JSON document. An empty document is JSON null (what MySQL writes for it).
    public static func decode(_ document: ByteBuffer) throws(MySQLBinlogError) -> String {
        let result: Result<String, MySQLBinlogError> = document.withUnsafeReadableBytes { raw in
            do throws(MySQLBinlogError) {
                return .success(try decode(raw: raw))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes a document held in raw memory.
    static func decode(raw: UnsafeRawBufferPointer) throws(MySQLBinlogError) -> String {
        guard raw.count > 0 else { return "null" }
        let pointer = raw.assumingMemoryBound(to: UInt8.self)
        var output = ""
        let reader = JSONBinaryReader(bytes: pointer)
        try reader.value(type: pointer[0], at: 1, end: pointer.count, depth: 0, into: &output)
        return output
    }
}

struct JSONBinaryReader {
    let bytes: UnsafeBufferPointer<UInt8>

    func byte(_ offset: Int) throws(MySQLBinlogError) -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw .truncated("JSON") }
        return bytes[offset]
    }

    func unsigned(_ offset: Int, _ width: Int) throws(MySQLBinlogError) -> UInt64 {
        guard offset >= 0, width >= 0, offset + width <= bytes.count else { throw .truncated("JSON") }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    func value(type: UInt8, at offset: Int, end: Int, depth: Int, into output: inout String) throws(MySQLBinlogError) {
        guard depth < JSONBinary.maximumDepth else { throw .malformed("JSON nested too deeply") }
        switch type {
        case 0x00: try container(at: offset, large: false, object: true, depth: depth, into: &output)
        case 0x01: try container(at: offset, large: true, object: true, depth: depth, into: &output)
        case 0x02: try container(at: offset, large: false, object: false, depth: depth, into: &output)
        case 0x03: try container(at: offset, large: true, object: false, depth: depth, into: &output)
        case 0x04:
            switch try byte(offset) {
            case 0x00: output += "null"
            case 0x01: output += "true"
            case 0x02: output += "false"
            case let literal: throw .malformed("JSON literal \(literal)")
            }
        case 0x05: output += String(Int16(truncatingIfNeeded: try unsigned(offset, 2)))
        case 0x06: output += String(UInt16(truncatingIfNeeded: try unsigned(offset, 2)))
        case 0x07: output += String(Int32(truncatingIfNeeded: try unsigned(offset, 4)))
        case 0x08: output += String(UInt32(truncatingIfNeeded: try unsigned(offset, 4)))
        case 0x09: output += String(Int64(bitPattern: try unsigned(offset, 8)))
        case 0x0A: output += String(try unsigned(offset, 8))
        case 0x0B: output += JSONText.double(Double(bitPattern: try unsigned(offset, 8)))
        case 0x0C:
            let (length, start) = try variableLength(at: offset)
            guard start + length <= bytes.count else { throw .truncated("JSON string") }
            JSONText.appendQuoted(bytes[start..<(start + length)], to: &output)
        case 0x0F:
            try opaque(at: offset, into: &output)
        default:
            throw .malformed("JSON type \(type)")
        }
    }

    /// Reads the variable-length integer (7 bits per byte, low first, at most 5 bytes).
    func variableLength(at offset: Int) throws(MySQLBinlogError) -> (Int, Int) {
        var length = 0
        for index in 0..<5 {
            let current = try byte(offset + index)
            length |= Int(current & 0x7F) << (7 * index)
            if current & 0x80 == 0 { return (length, offset + index + 1) }
        }
        throw .malformed("JSON length too long")
    }

    private func container(at start: Int, large: Bool, object: Bool, depth: Int, into output: inout String)
        throws(MySQLBinlogError)
    {
        let width = large ? 4 : 2
        let count = Int(try unsigned(start, width))
        let size = Int(try unsigned(start + width, width))
        guard start + size <= bytes.count, count <= size else { throw .truncated("JSON container") }
        let keyEntrySize = width + 2
        let valueEntrySize = 1 + width
        let headerSize = 2 * width + (object ? count * keyEntrySize : 0) + count * valueEntrySize
        guard headerSize <= size else { throw .malformed("JSON container header exceeds its size") }
        output += object ? "{" : "["
        for index in 0..<count {
            if index > 0 { output += ", " }
            if object {
                let entry = start + 2 * width + index * keyEntrySize
                let keyOffset = Int(try unsigned(entry, width))
                let keyLength = Int(try unsigned(entry + width, 2))
                guard keyOffset + keyLength <= size else { throw .malformed("JSON key outside its object") }
                JSONText.appendQuoted(bytes[(start + keyOffset)..<(start + keyOffset + keyLength)], to: &output)
                output += ": "
            }
            let entry = start + 2 * width + (object ? count * keyEntrySize : 0) + index * valueEntrySize
            let type = try byte(entry)
            if Self.isInlined(type, large: large) {
                try value(type: type, at: entry + 1, end: start + size, depth: depth + 1, into: &output)
            } else {
                let valueOffset = Int(try unsigned(entry + 1, width))
                guard valueOffset < size else { throw .malformed("JSON value outside its container") }
                try value(type: type, at: start + valueOffset, end: start + size, depth: depth + 1, into: &output)
            }
        }
        output += object ? "}" : "]"
    }

    static func isInlined(_ type: UInt8, large: Bool) -> Bool {
        switch type {
        case 0x04, 0x05, 0x06: return true
        case 0x07, 0x08: return large
        default: return false
        }
    }

    /// Opaque values: a MySQL field type byte and bytes. DECIMAL prints as a number, temporal types as quoted
    /// text, anything else as MySQL's `"base64:typeNN:..."`.
    private func opaque(at offset: Int, into output: inout String) throws(MySQLBinlogError) {
        let fieldType = ColumnType(rawValue: try byte(offset))
        let (length, start) = try variableLength(at: offset + 1)
        guard start + length <= bytes.count else { throw .truncated("JSON opaque") }
        let data = RawReader(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<(start + length)]))
        switch fieldType {
        case .newDecimal:
            var buffer = data
            let precision = Int(try buffer.readLE(UInt8.self, "JSON decimal precision"))
            let scale = Int(try buffer.readLE(UInt8.self, "JSON decimal scale"))
            output += try DecimalBinary.decode(precision: precision, scale: scale, from: &buffer)
        case .date, .datetime, .timestamp, .datetime2, .timestamp2, .newdate:
            var buffer = data
            let dateTime = TemporalBinary.unpackDateTime(try buffer.readLE(Int64.self, "JSON datetime"))
            let text = fieldType == .date || fieldType == .newdate
                ? MySQLDate(year: dateTime.year, month: dateTime.month, day: dateTime.day).description
                : dateTime.description
            output += "\"" + text + "\""
        case .time, .time2:
            var buffer = data
            output += "\"" + TemporalBinary.unpackTime(try buffer.readLE(Int64.self, "JSON time")).description + "\""
        default:
            output += "\"base64:type\(fieldType.rawValue):" + Base64.encode(Array(data.base)) + "\""
        }
    }
}
