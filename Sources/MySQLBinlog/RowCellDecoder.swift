import NIOCore

/// Decodes one non-NULL column value of a row image into a ``RowCell``: the same reads as ``RowValueDecoder``
/// (MySQL source `log_event.cc` `log_event_print_value`), but strings, blobs and JSON stay where they are (offset
/// and length in the image bytes) and DECIMAL digits go into the rows event's text buffer, so no value allocates.
struct RowCellDecoder {
    /// The decimal digits of the event so far.
    /// Where DECIMAL digits go: memory reserved in the rows event's text buffer by `decodeCells`, which checks that
    /// it has room for a whole image before each one (nil: none reserved, a DECIMAL fails).
    var text: UnsafeMutableRawBufferPointer?
    /// Bytes of `text` used.
    var used = 0
    /// The text buffer's offset of `text` (cells point at text buffer offsets).
    var origin = 0

    /// Decodes the value of `column` at the reader's position; `origin` is the reader's offset in
    /// ``RowImageCells/data``.
    @inline(__always)
    mutating func decode(_ column: UnsafePointer<ColumnDescriptor>, from buffer: inout RawReader, origin: Int)
        throws(MySQLBinlogError) -> RowCell
    {
        switch column.pointee.realType {
        case .tiny:
            let raw = try buffer.readLE(UInt8.self, "TINY")
            return integer(column, UInt64(raw), signed: Int64(Int8(bitPattern: raw)))
        case .short:
            let raw = try buffer.readLE(UInt16.self, "SHORT")
            return integer(column, UInt64(raw), signed: Int64(Int16(bitPattern: raw)))
        case .int24:
            let raw = try buffer.readUIntLE(bytes: 3, "INT24")
            return integer(column, raw, signed: raw & 0x80_0000 != 0 ? Int64(raw) - 0x100_0000 : Int64(raw))
        case .long:
            let raw = try buffer.readLE(UInt32.self, "LONG")
            return integer(column, UInt64(raw), signed: Int64(Int32(bitPattern: raw)))
        case .longlong:
            let raw = try buffer.readLE(UInt64.self, "LONGLONG")
            return integer(column, raw, signed: Int64(bitPattern: raw))
        case .float:
            return RowCell(kind: .float, value: UInt64(try buffer.readLE(UInt32.self, "FLOAT")))
        case .double:
            return RowCell(kind: .double, value: try buffer.readLE(UInt64.self, "DOUBLE"))
        case .newDecimal:
            return try decimal(column, &buffer)
        case .year:
            let raw = try buffer.readLE(UInt8.self, "YEAR")
            return RowCell(kind: .year, value: raw == 0 ? 0 : 1900 + UInt64(raw))
        case .date, .newdate:
            let raw = try buffer.readUIntLE(bytes: 3, "DATE")
            return RowCell.date(year: raw >> 9, month: (raw >> 5) & 15, day: raw & 31)
        case .time:
            return RowCell.time(try TemporalBinary.decodeTimeV1(from: &buffer))
        case .time2:
            return RowCell.time(try TemporalBinary.decodeTime2(fsp: Int(column.pointee.metadata), from: &buffer))
        case .datetime:
            return RowCell.dateTime(try TemporalBinary.decodeDateTimeV1(from: &buffer))
        case .datetime2:
            return RowCell.dateTime(try TemporalBinary.decodeDateTime2(fsp: Int(column.pointee.metadata), from: &buffer))
        case .timestamp:
            return RowCell(kind: .timestamp, value: UInt64(try buffer.readLE(UInt32.self, "TIMESTAMP")))
        case .timestamp2:
            let seconds = try buffer.readBE(UInt32.self, "TIMESTAMP2")
            let micros = try TemporalBinary.readFraction(fsp: Int(column.pointee.metadata), from: &buffer)
            return RowCell(kind: .timestamp, value: UInt64(seconds), length: micros)
        case .bit:
            let width = Int(column.pointee.metadata >> 8) * 8 + Int(column.pointee.metadata & 0xFF)
            guard width <= 64 else { throw .malformed("BIT width \(width)") }
            return RowCell(kind: .bit, value: try buffer.readUIntBE(bytes: (width + 7) / 8, "BIT"), length: UInt32(width))
        case .enumeration:
            let index = try buffer.readUIntLE(bytes: Int(column.pointee.metadata & 0xFF), "ENUM")
            return RowCell(kind: .enumeration, value: index)
        case .set:
            return RowCell(kind: .set, value: try buffer.readUIntLE(bytes: Int(column.pointee.metadata & 0xFF), "SET"))
        case .varchar, .varString:
            let length = try buffer.readUIntLE(bytes: column.pointee.metadata > 255 ? 2 : 1, "VARCHAR length")
            return try slice(text(column), Int(length), &buffer, origin: origin, "VARCHAR")
        case .string:
            let maxLength = column.pointee.stringMaxLength
            let length = try buffer.readUIntLE(bytes: maxLength > 255 ? 2 : 1, "CHAR length")
            var cell = try slice(text(column), Int(length), &buffer, origin: origin, "CHAR")
            if column.pointee.collationID == Collations.binary && Int(length) < maxLength {
                // BINARY(n) is stored without its trailing 0x00 padding; the column value includes it.
                cell.padding = UInt16(truncatingIfNeeded: maxLength - Int(length))
            }
            return cell
        case .blob, .tinyBlob, .mediumBlob, .longBlob:
            return try blob(text(column), column, &buffer, origin: origin)
        case .geometry:
            return try blob(.geometry, column, &buffer, origin: origin)
        case .json:
            // Kept in MySQL's binary form: decoded (and validated) when its text is asked for.
            return try blob(.json, column, &buffer, origin: origin)
        case .null:
            return RowCell(kind: .null)
        default:
            throw MySQLBinlogError(.unsupportedColumnType, "column type \(column.pointee.type.rawValue)")
        }
    }

    @inline(__always)
    private func integer(_ column: UnsafePointer<ColumnDescriptor>, _ raw: UInt64, signed: Int64) -> RowCell {
        column.pointee.unsigned
            ? RowCell(kind: .unsigned, value: raw) : RowCell(kind: .signed, value: UInt64(bitPattern: signed))
    }

    @inline(__always)
    private func text(_ column: UnsafePointer<ColumnDescriptor>) -> RowCell.Kind {
        column.pointee.collationID == Collations.binary ? .bytes : .string
    }

    @inline(__always)
    private func slice(
        _ kind: RowCell.Kind, _ length: Int, _ buffer: inout RawReader, origin: Int, _ what: StaticString
    ) throws(MySQLBinlogError) -> RowCell {
        guard length >= 0, buffer.readableBytes >= length, length <= Int(UInt32.max) else {
            throw .truncated("\(what)")
        }
        let cell = RowCell(kind: kind, value: UInt64(origin + buffer.index), length: UInt32(length))
        buffer.index += length
        return cell
    }

    private func blob(
        _ kind: RowCell.Kind, _ column: UnsafePointer<ColumnDescriptor>, _ buffer: inout RawReader, origin: Int
    ) throws(MySQLBinlogError) -> RowCell {
        let lengthBytes = Int(column.pointee.metadata)
        guard (1...4).contains(lengthBytes) else { throw .malformed("BLOB length bytes \(lengthBytes)") }
        let length = try buffer.readUIntLE(bytes: lengthBytes, "BLOB length")
        return try slice(kind, Int(length), &buffer, origin: origin, "BLOB")
    }

    private mutating func decimal(_ column: UnsafePointer<ColumnDescriptor>, _ buffer: inout RawReader)
        throws(MySQLBinlogError) -> RowCell
    {
        let precision = Int(column.pointee.metadata >> 8)
        let scale = Int(column.pointee.metadata & 0xFF)
        guard let text, text.count - used >= DecimalBinary.textCapacity, let base = text.baseAddress else {
            throw .malformed("no room for DECIMAL text")
        }
        let target = UnsafeMutableBufferPointer(
            start: (base + used).assumingMemoryBound(to: UInt8.self), count: text.count - used)
        let range = try DecimalBinary.format(precision: precision, scale: scale, from: &buffer, into: target)
        let cell = RowCell(kind: .decimal, value: UInt64(origin + used + range.lowerBound), length: UInt32(range.count))
        used += range.upperBound
        return cell
    }
}
