import MySQLBinlog
import NIOCore
import SyncEngine

extension BinlogRowConverter {
    /// Where the bytes of a rows event's cells live, for ``append(_:_:for:to:)``.
    struct CellSource {
        /// ``RowImageCells/data``'s readable bytes.
        let data: UnsafeRawBufferPointer
        /// ``RowImageCells/text``'s readable bytes.
        let text: UnsafeRawBufferPointer
        /// The event's cells (for the rare kinds converted through ``MySQLValue``).
        let cells: RowImageCells
    }

    /// What the cell conversion needs of a plan column, without references (a `ColumnSchema` carries strings and
    /// arrays whose reference counting showed in the hot loop).
    struct CellFormat: Sendable {
        let kind: SyncEngine.ColumnType.Kind
        let isUnsigned: Bool
        let isInteger: Bool
        let length: Int
        let fractionalDigits: Int

        init(_ column: ColumnSchema) {
            kind = column.type.kind
            isUnsigned = column.type.isUnsigned
            isInteger = column.type.isInteger
            length = column.type.length
            fractionalDigits = column.type.fractionalDigits
        }
    }

    /// Appends the interchange bytes of one non-NULL cell for `column`: byte for byte what
    /// ``append(_:for:to:)`` writes for the same value as a ``MySQLValue`` (the form `Row` documents), with the
    /// frequent kinds (integers, DECIMAL, text, binary strings, dates and times) formatted straight into
    /// `buffer` and the rest converted through ``RowImageCells/value(image:column:)``.
    @inline(__always)
    static func append(
        _ cell: RowCell, _ source: CellSource, image: Int, index: Int, format type: CellFormat,
        column: @autoclosure () -> ColumnSchema, to buffer: inout ByteBuffer
    ) throws {
        switch cell.kind {
        case .signed:
            let number = Int64(bitPattern: cell.value)
            if type.isUnsigned && number < 0 {
                writeDigits(unsignedBits(number, type.kind), negative: false, to: &buffer)
            } else {
                writeDigits(number.magnitude, negative: number < 0, to: &buffer)
            }
        case .unsigned:
            if !type.isUnsigned && type.kind != .bit && type.isInteger {
                let number = signedBits(cell.value, type.kind)
                writeDigits(number.magnitude, negative: number < 0, to: &buffer)
            } else {
                writeDigits(cell.value, negative: false, to: &buffer)
            }
        case .decimal:
            try writeSlice(source.text, cell, to: &buffer)
        case .string where isRawText(source.cells.columns[index].collationID):
            try writeSlice(source.data, cell, to: &buffer)
        case .bytes:
            try writeSlice(source.data, cell, to: &buffer)
            let count = Int(cell.length) + Int(cell.padding)
            if cell.padding > 0 { buffer.writeRepeatingByte(0, count: Int(cell.padding)) }
            if type.kind == .binary, count < type.length { buffer.writeRepeatingByte(0, count: type.length - count) }
        case .date:
            let date = cell.date
            writeDate(date.year, date.month, date.day, to: &buffer)
        case .datetime:
            let parts = cell.dateTime
            writeDateTime(parts, microseconds: cell.length, digits: type.fractionalDigits, to: &buffer)
        case .timestamp:
            writeTimestamp(Int64(cell.value), cell.length, digits: type.fractionalDigits, to: &buffer)
        default:
            guard let value = try source.cells.value(image: image, column: index) else { return }
            _ = try append(value, for: column(), to: &buffer)
        }
    }

    /// Whether text in `collation` is written as it is (UTF-8, ASCII, binary, or unknown).
    @inline(__always)
    static func isRawText(_ collation: UInt16?) -> Bool {
        guard let collation else { return true }
        switch collation {
        case 33, 45, 46, 63, 76, 83, 192...247, 255...323: return true
        default: return CollationFamily.isUTF8OrASCII(collation) || (collation >= 1024 && collation < 2048 && collation - 1024 == 63)
        }
    }

    /// Copies the bytes a cell points at.
    @inline(__always)
    static func writeSlice(_ bytes: UnsafeRawBufferPointer, _ cell: RowCell, to buffer: inout ByteBuffer) throws {
        let start = Int(cell.value)
        let count = Int(cell.length)
        guard start >= 0, count >= 0, start <= bytes.count - count else {
            throw SyncEngineError(.sourceFailed, "a binlog row value lies outside its rows event")
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)]))
    }

    /// `[-]digits` of a magnitude, written in one reservation.
    @inline(__always)
    static func writeDigits(_ magnitude: UInt64, negative: Bool, to buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 21) { target in
            var length = 1
            var bound: UInt64 = 10
            while length < 20 && magnitude >= bound {
                length += 1
                bound = bound &* 10
            }
            var position = (negative ? 1 : 0) + length
            let total = position
            if negative { target[0] = UInt8(ascii: "-") }
            var rest = magnitude
            repeat {
                position -= 1
                target[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest != 0
            return total
        }
    }

    /// `YYYY-MM-DD HH:MM:SS[.f]` in one reservation when every part has its usual width; else part by part.
    @inline(__always)
    static func writeDateTime(
        _ parts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int), microseconds: UInt32,
        digits: Int, to buffer: inout ByteBuffer
    ) {
        guard parts.year < 10_000, parts.month < 100, parts.day < 100, parts.hour < 100, parts.minute < 100,
            parts.second < 100, microseconds < 1_000_000
        else {
            writeDate(parts.year, parts.month, parts.day, to: &buffer)
            buffer.writeInteger(UInt8(ascii: " "))
            writeClock(parts.hour, parts.minute, parts.second, to: &buffer)
            writeFraction(microseconds, digits: digits, to: &buffer)
            return
        }
        let fraction = min(max(digits, 0), 6)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 26) { target in
            @inline(__always) func two(_ value: Int, _ at: Int) {
                target[at] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
                target[at + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            }
            two(parts.year / 100, 0)
            two(parts.year % 100, 2)
            target[4] = UInt8(ascii: "-")
            two(parts.month, 5)
            target[7] = UInt8(ascii: "-")
            two(parts.day, 8)
            target[10] = UInt8(ascii: " ")
            two(parts.hour, 11)
            target[13] = UInt8(ascii: ":")
            two(parts.minute, 14)
            target[16] = UInt8(ascii: ":")
            two(parts.second, 17)
            guard fraction > 0 else { return 19 }
            target[19] = UInt8(ascii: ".")
            var divisor: UInt32 = 100_000
            for offset in 0..<fraction {
                target[20 + offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: microseconds / divisor % 10)
                divisor /= 10
            }
            return 20 + fraction
        }
    }
}
