import NIOCore

/// The row images of one rows event as one flat array of ``RowCell``s (``RowsEvent/decodeCells()``): image `i`,
/// column `c` is `cells[i * columnCount + c]`. Images are in event order: one per row for INSERT (after) and
/// DELETE (before), two per row for UPDATE (before, then after). String, blob, JSON and geometry cells point into
/// ``data`` (zero-copy), DECIMAL cells into ``text``; ``value(image:column:)`` gives the same ``MySQLValue`` the
/// `rows` API decodes.
public struct RowImageCells: Sendable {
    /// The statement kind of the event.
    public let kind: RowsEvent.Kind
    /// The table's columns (from its TABLE_MAP).
    public let columns: [ColumnDescriptor]
    /// The event's row image bytes; cell offsets count from its reader index.
    public let data: ByteBuffer
    /// The DECIMAL digits of the event; cell offsets count from its reader index.
    public let text: ByteBuffer
    /// The cells, `columnCount` per image.
    public let cells: [RowCell]

    /// Number of columns per image.
    public var columnCount: Int { columns.count }
    /// Number of images.
    public var imageCount: Int { columns.isEmpty ? 0 : cells.count / columns.count }
    /// Number of rows (an UPDATE row has two images).
    public var rowCount: Int { kind == .update ? imageCount / 2 : imageCount }

    /// The cell of `column` in image `image`; `.absent` out of range.
    public func cell(image: Int, column: Int) -> RowCell {
        let index = image * columns.count + column
        guard column >= 0, column < columns.count, index >= 0, index < cells.count else { return RowCell(kind: .absent) }
        return cells[index]
    }

    /// The bytes a string/bytes/JSON/geometry or DECIMAL cell points at (without BINARY padding); empty for others.
    public func bytes(_ cell: RowCell) -> ByteBuffer {
        let source: ByteBuffer
        switch cell.kind {
        case .string, .bytes, .json, .geometry: source = data
        case .decimal: source = text
        default: return ByteBuffer()
        }
        return source.getSlice(at: source.readerIndex + Int(cell.value), length: Int(cell.length)) ?? ByteBuffer()
    }

    /// The value of `column` in image `image`, exactly as ``RowsEvent/Row`` holds it: nil when the column is not
    /// in the image. Throws for a malformed binary JSON document (decoded only here).
    public func value(image: Int, column: Int) throws(MySQLBinlogError) -> MySQLValue? {
        let cell = cell(image: image, column: column)
        guard column >= 0, column < columns.count else { return nil }
        let descriptor = columns[column]
        switch cell.kind {
        case .absent: return nil
        case .null: return .null
        case .signed: return .signed(Int64(bitPattern: cell.value))
        case .unsigned: return .unsigned(cell.value)
        case .float: return .float(Float(bitPattern: UInt32(truncatingIfNeeded: cell.value)))
        case .double: return .double(Double(bitPattern: cell.value))
        case .decimal: return .decimal(String(buffer: bytes(cell)))
        case .string: return .string(Array(buffer: bytes(cell)), collationID: descriptor.collationID)
        case .bytes:
            var raw = Array(buffer: bytes(cell))
            raw.append(contentsOf: repeatElement(0, count: Int(cell.padding)))
            return .bytes(raw)
        case .date:
            let date = cell.date
            return .date(
                MySQLDate(
                    year: UInt16(truncatingIfNeeded: date.year), month: UInt8(truncatingIfNeeded: date.month),
                    day: UInt8(truncatingIfNeeded: date.day)))
        case .time: return .time(cell.time)
        case .datetime: return .datetime(cell.mysqlDateTime)
        case .timestamp: return .timestamp(seconds: Int64(cell.value), microseconds: cell.length)
        case .year: return .year(UInt16(truncatingIfNeeded: cell.value))
        case .bit: return .bit(cell.value, width: UInt8(truncatingIfNeeded: cell.length))
        case .enumeration:
            let index = cell.value
            let name: String? =
                if let members = descriptor.members, index >= 1, index <= members.count { members[Int(index) - 1] }
                else { nil }
            return .enumeration(index: UInt16(truncatingIfNeeded: index), name: name)
        case .set:
            return .set(cell.value, members: descriptor.members.map { RowValueDecoder.setMembers(cell.value, $0) })
        case .json: return .json(try json(cell))
        case .geometry: return .geometry(Array(buffer: bytes(cell)))
        }
    }

    /// The text of a `.json` cell (MySQL binary JSON decoded by ``JSONBinary``).
    public func json(_ cell: RowCell) throws(MySQLBinlogError) -> String {
        try JSONBinary.decode(bytes(cell))
    }
}
