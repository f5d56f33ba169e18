import MySQLBinlog
import NIOCore
import SyncEngine

extension BinlogRowConverter {
    /// Where the bytes of a rows event's cells live.
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

    /// The most bytes ``writeFast(_:_:rawText:format:to:)`` writes for a non-NULL cell, or nil when the cell takes
    /// ``appendSlow(_:_:image:index:column:to:)`` (floats, TIME, ENUM/SET, BIT, JSON, geometry, text that needs a
    /// character set conversion: `rawText` false, see ``isRawText(_:)``). Fails when a cell points outside its
    /// event (never for cells of `decodeCells`).
    @inline(__always)
    static func fastBound(_ cell: RowCell, _ source: CellSource, rawText: Bool, format type: CellFormat) throws -> Int? {
        switch cell.kind {
        case .signed, .unsigned: return 21
        case .decimal:
            try checkRange(cell, source.text)
            return Int(cell.length)
        case .string:
            guard rawText else { return nil }
            try checkRange(cell, source.data)
            return Int(cell.length)
        case .bytes:
            try checkRange(cell, source.data)
            let count = Int(cell.length) + Int(cell.padding)
            return type.kind == .binary && count < type.length ? type.length : count
        case .date: return 16
        case .datetime, .timestamp: return 40
        default: return nil
        }
    }

    /// Writes a non-NULL cell that ``fastBound(_:_:rawText:format:)`` accepted at `out` (room for that many bytes,
    /// range checked there) and returns its length, byte for byte what ``append(_:for:to:)`` writes for the same
    /// value as a ``MySQLValue`` (the form `Row` documents); 0, writing nothing, for the kinds it declines.
    @inline(__always)
    static func writeFast(
        _ cell: RowCell, _ source: CellSource, rawText: Bool, format type: CellFormat, to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        switch cell.kind {
        case .signed:
            let number = Int64(bitPattern: cell.value)
            if type.isUnsigned && number < 0 { return RawText.digits(unsignedBits(number, type.kind), negative: false, out) }
            return RawText.digits(number.magnitude, negative: number < 0, out)
        case .unsigned:
            if !type.isUnsigned && type.kind != .bit && type.isInteger {
                let number = signedBits(cell.value, type.kind)
                return RawText.digits(number.magnitude, negative: number < 0, out)
            }
            return RawText.digits(cell.value, negative: false, out)
        case .decimal:
            return RawText.copy(source.text, cell, out)
        case .bytes:
            var count = RawText.copy(source.data, cell, out)
            let padded = count + Int(cell.padding)
            let target = type.kind == .binary && padded < type.length ? type.length : padded
            while count < target {
                out[count] = 0
                count += 1
            }
            return count
        case .date:
            let date = cell.date
            return RawText.date(date.year, date.month, date.day, out)
        case .datetime:
            let parts = cell.dateTime
            var count = RawText.date(parts.year, parts.month, parts.day, out)
            out[count] = UInt8(ascii: " ")
            count += 1
            count += RawText.clock(parts.hour, parts.minute, parts.second, out + count)
            return count + RawText.fraction(cell.length, digits: type.fractionalDigits, out + count)
        case .timestamp:
            return RawText.timestamp(Int64(cell.value), cell.length, digits: type.fractionalDigits, out)
        case .string where rawText:
            return RawText.copy(source.data, cell, out)
        default:
            return 0
        }
    }

    /// Appends a cell ``fastBound(_:_:index:format:)`` declined, through its ``MySQLValue``.
    static func appendSlow(
        _ cell: RowCell, _ source: CellSource, image: Int, index: Int, column: ColumnSchema, to buffer: inout ByteBuffer
    ) throws {
        guard let value = try source.cells.value(image: image, column: index) else { return }
        _ = try append(value, for: column, to: &buffer)
    }

    /// Whether text in `collation` is written as it is (UTF-8, ASCII, binary, or unknown), as `utf8` decides.
    @inline(__always)
    static func isRawText(_ collation: UInt16?) -> Bool {
        guard let collation else { return true }
        switch collation {
        case 33, 45, 46, 63, 76, 83, 192...247, 255...323: return true
        case 1024..<2048 where collation - 1024 == 63: return true
        default: return CollationFamily.isUTF8OrASCII(collation)
        }
    }

    private static func checkRange(_ cell: RowCell, _ bytes: UnsafeRawBufferPointer) throws {
        guard cell.value <= UInt64(bytes.count), Int(cell.value) + Int(cell.length) <= bytes.count else {
            throw SyncEngineError(.sourceFailed, "a binlog row value lies outside its rows event")
        }
    }
}
