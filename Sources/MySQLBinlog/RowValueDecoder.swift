/// Decodes one non-NULL column value of a row image by its TABLE_MAP type and metadata
/// (MySQL source `log_event.cc` `log_event_print_value` and `Field::unpack` per type; MariaDB identical for
/// the types it writes).
enum RowValueDecoder {
    static func decode(_ column: UnsafePointer<ColumnDescriptor>, from buffer: inout RawReader) throws(MySQLBinlogError)
        -> MySQLValue
    {
        switch column.pointee.realType {
        case .tiny:
            let raw = try buffer.readLE(UInt8.self, "TINY")
            return column.pointee.unsigned ? .unsigned(UInt64(raw)) : .signed(Int64(Int8(bitPattern: raw)))
        case .short:
            let raw = try buffer.readLE(UInt16.self, "SHORT")
            return column.pointee.unsigned ? .unsigned(UInt64(raw)) : .signed(Int64(Int16(bitPattern: raw)))
        case .int24:
            let raw = try buffer.readUIntLE(bytes: 3, "INT24")
            if column.pointee.unsigned { return .unsigned(raw) }
            return .signed(raw & 0x80_0000 != 0 ? Int64(raw) - 0x100_0000 : Int64(raw))
        case .long:
            let raw = try buffer.readLE(UInt32.self, "LONG")
            return column.pointee.unsigned ? .unsigned(UInt64(raw)) : .signed(Int64(Int32(bitPattern: raw)))
        case .longlong:
            let raw = try buffer.readLE(UInt64.self, "LONGLONG")
            return column.pointee.unsigned ? .unsigned(raw) : .signed(Int64(bitPattern: raw))
        case .float:
            return .float(Float(bitPattern: try buffer.readLE(UInt32.self, "FLOAT")))
        case .double:
            return .double(Double(bitPattern: try buffer.readLE(UInt64.self, "DOUBLE")))
        case .newDecimal:
            return .decimal(
                try DecimalBinary.decode(
                    precision: Int(column.pointee.metadata >> 8), scale: Int(column.pointee.metadata & 0xFF), from: &buffer))
        case .year:
            let raw = try buffer.readLE(UInt8.self, "YEAR")
            return .year(raw == 0 ? 0 : 1900 + UInt16(raw))
        case .date, .newdate:
            let raw = try buffer.readUIntLE(bytes: 3, "DATE")
            return .date(MySQLDate(year: UInt16(raw >> 9), month: UInt8((raw >> 5) & 15), day: UInt8(raw & 31)))
        case .time:
            return .time(try TemporalBinary.decodeTimeV1(from: &buffer))
        case .time2:
            return .time(try TemporalBinary.decodeTime2(fsp: Int(column.pointee.metadata), from: &buffer))
        case .datetime:
            return .datetime(try TemporalBinary.decodeDateTimeV1(from: &buffer))
        case .datetime2:
            return .datetime(try TemporalBinary.decodeDateTime2(fsp: Int(column.pointee.metadata), from: &buffer))
        case .timestamp:
            return .timestamp(seconds: Int64(try buffer.readLE(UInt32.self, "TIMESTAMP")), microseconds: 0)
        case .timestamp2:
            let seconds = try buffer.readBE(UInt32.self, "TIMESTAMP2")
            let micros = try TemporalBinary.readFraction(fsp: Int(column.pointee.metadata), from: &buffer)
            return .timestamp(seconds: Int64(seconds), microseconds: micros)
        case .bit:
            let width = Int(column.pointee.metadata >> 8) * 8 + Int(column.pointee.metadata & 0xFF)
            guard width <= 64 else { throw .malformed("BIT width \(width)") }
            return .bit(try buffer.readUIntBE(bytes: (width + 7) / 8, "BIT"), width: UInt8(width))
        case .enumeration:
            let index = try buffer.readUIntLE(bytes: Int(column.pointee.metadata & 0xFF), "ENUM")
            let name: String? =
                if let members = column.pointee.members, index >= 1, index <= members.count { members[Int(index) - 1] }
                else { nil }
            return .enumeration(index: UInt16(truncatingIfNeeded: index), name: name)
        case .set:
            let mask = try buffer.readUIntLE(bytes: Int(column.pointee.metadata & 0xFF), "SET")
            return .set(mask, members: column.pointee.members.map { members in setMembers(mask, members) })
        case .varchar, .varString:
            let length = try buffer.readUIntLE(bytes: column.pointee.metadata > 255 ? 2 : 1, "VARCHAR length")
            return text(try buffer.readByteArray(Int(length), "VARCHAR"), column)
        case .string:
            let maxLength = column.pointee.stringMaxLength
            let length = try buffer.readUIntLE(bytes: maxLength > 255 ? 2 : 1, "CHAR length")
            var bytes = try buffer.readByteArray(Int(length), "CHAR")
            if column.pointee.collationID == Collations.binary && bytes.count < maxLength {
                // BINARY(n) is stored without its trailing 0x00 padding; the column value includes it.
                bytes.append(contentsOf: repeatElement(0, count: maxLength - bytes.count))
            }
            return text(bytes, column)
        case .blob, .tinyBlob, .mediumBlob, .longBlob:
            return text(try readBlob(column, &buffer), column)
        case .geometry:
            return .geometry(try readBlob(column, &buffer))
        case .json:
            let bytes = try readBlobSlice(column, &buffer)
            return .json(try JSONBinary.decode(raw: bytes.base))
        case .null:
            return .null
        default:
            throw MySQLBinlogError(.unsupportedColumnType, "column type \(column.pointee.type.rawValue)")
        }
    }

    /// A character column's bytes: `.bytes` for the binary collation, `.string` otherwise.
    @inline(__always)
    static func text(_ bytes: [UInt8], _ column: UnsafePointer<ColumnDescriptor>) -> MySQLValue {
        column.pointee.collationID == Collations.binary ? .bytes(bytes) : .string(bytes, collationID: column.pointee.collationID)
    }

    private static func readBlob(_ column: UnsafePointer<ColumnDescriptor>, _ buffer: inout RawReader) throws(MySQLBinlogError)
        -> [UInt8]
    {
        let lengthBytes = Int(column.pointee.metadata)
        guard (1...4).contains(lengthBytes) else { throw .malformed("BLOB length bytes \(lengthBytes)") }
        let length = try buffer.readUIntLE(bytes: lengthBytes, "BLOB length")
        return try buffer.readByteArray(Int(length), "BLOB")
    }

    private static func readBlobSlice(_ column: UnsafePointer<ColumnDescriptor>, _ buffer: inout RawReader)
        throws(MySQLBinlogError) -> RawReader
    {
        let lengthBytes = Int(column.pointee.metadata)
        guard (1...4).contains(lengthBytes) else { throw .malformed("JSON length bytes \(lengthBytes)") }
        let length = try buffer.readUIntLE(bytes: lengthBytes, "JSON length")
        return try buffer.readReader(Int(length), "JSON")
    }

    static func setMembers(_ mask: UInt64, _ members: [String]) -> [String] {
        var names: [String] = []
        for (index, name) in members.enumerated() where index < 64 && mask & (1 << UInt64(index)) != 0 {
            names.append(name)
        }
        return names
    }
}
