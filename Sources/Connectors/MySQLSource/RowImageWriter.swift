import MySQLBinlog
import NIOCore
import SyncEngine

/// Converts the row images of one rows event into `Row`s whose values are slices of ONE buffer: one allocation
/// per event instead of one per value (the allocator was the largest cost of change capture in the profile of
/// bench/cdc). Values are written first and sliced only at the end, so that no slice pins a buffer that is
/// still growing (a write would then copy it).
struct RowImageWriter {
    /// Where one value lies in the buffer.
    struct Span {
        var start: Int
        var length: Int
    }

    private var buffer: ByteBuffer
    private var spans: [Span?] = []
    private let width: Int
    private var images = 0

    /// A writer for `images` row images of `width` plan columns.
    init(width: Int, images: Int, bytesPerValue: Int = 24) {
        self.init(width: width, images: images, capacity: width * images * bytesPerValue)
    }

    /// A writer for the images of `cells` (``write(_:mapping:)``), sized so that their values usually fit without
    /// growing the buffer: the event's value bytes (strings and blobs are copied as they are, DECIMALs are text
    /// already) plus 12 bytes per value for numbers, dates and times, whose text is longer than their binary form.
    init(width: Int, cells: RowImageCells) {
        let capacity = cells.data.readableBytes + cells.text.readableBytes + cells.cells.count * 12
        self.init(width: width, images: cells.imageCount, capacity: capacity)
    }

    private init(width: Int, images: Int, capacity: Int) {
        self.width = width
        buffer = ByteBufferAllocator().buffer(capacity: max(64, capacity))
        spans.reserveCapacity(width * images)
    }

    /// Appends one image's plan columns (see `BinlogTableMapping.write`).
    mutating func write(_ image: [MySQLValue?], mapping: BinlogTableMapping) throws {
        try mapping.write(image, to: &buffer, spans: &spans)
        images += 1
    }

    /// Appends every image of a rows event decoded to cells (see `BinlogTableMapping.write(_:to:spans:)`).
    mutating func write(_ cells: RowImageCells, mapping: BinlogTableMapping) throws {
        try mapping.write(cells, to: &buffer, spans: &spans)
        images += cells.imageCount
    }

    /// The images written, in order.
    func rows() -> [Row] {
        guard width > 0 else { return Array(repeating: Row(values: []), count: images) }
        var rows: [Row] = []
        rows.reserveCapacity(spans.count / width)
        spans.withUnsafeBufferPointer { spans in
            var index = 0
            while index + width <= spans.count {
                // Reserved, then appended: `reserveCapacity` allocates through the stdlib's code specialised for
                // `ByteBuffer?` (cached type metadata), where `init(unsafeUninitializedCapacity:)` called its
                // generic entry point, which looked the metadata up in the runtime's hash table for every row (3%).
                var values: [ByteBuffer?] = []
                values.reserveCapacity(width)
                for offset in 0..<width {
                    values.append(spans[index + offset].flatMap { buffer.getSlice(at: $0.start, length: $0.length) })
                }
                rows.append(Row(values: values))
                index += width
            }
        }
        return rows
    }
}
