import MySQLBinlog
import NIOCore
import SyncEngine

/// Converts the row images of one rows event into `Row`s whose values lie in ONE buffer, located by ONE span array:
/// two allocations per event instead of one per value (the allocator was the largest cost of change capture in the
/// profile of bench/cdc). Rows are made only at the end, so that none pins a buffer that is still growing (a write
/// would then copy it).
struct RowImageWriter {
    private var buffer: ByteBuffer
    /// Where each value of each image lies in `buffer`, image after image.
    private var spans: [ValueSpan] = []
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

    /// Appends `count` changes of `kind` on `tableKey` whose images are the ones written, in order (an update takes
    /// two: before, then after), making each row straight into its change (no intermediate array of rows to copy
    /// them out of). An image missing at the end is nil (the compactor refuses it).
    func appendChanges(kind: RowChange.Kind, tableKey: String, count: Int, to changes: inout [RowChange]) {
        let all = ArraySlice(spans)
        var next = 0
        for _ in 0..<count {
            switch kind {
            case .insert:
                changes.append(RowChange(kind: kind, tableKey: tableKey, before: nil, after: image(&next, all)))
            case .delete:
                changes.append(RowChange(kind: kind, tableKey: tableKey, before: image(&next, all), after: nil))
            case .update:
                let before = image(&next, all)
                changes.append(RowChange(kind: kind, tableKey: tableKey, before: before, after: image(&next, all)))
            }
        }
    }

    /// Image number `next` (then advances it), or nil past the last one.
    @inline(__always)
    private func image(_ next: inout Int, _ all: ArraySlice<ValueSpan>) -> Row? {
        guard next < images else { return nil }
        defer { next &+= 1 }
        guard width > 0 else { return Row(values: []) }
        let start = next &* width
        guard start &+ width <= all.count else { return nil }
        return Row(storage: buffer, spans: all[start..<(start &+ width)])
    }

    /// The images written, in order: each row shares the one buffer and the one span array of the event (two
    /// reference counts per row, no allocation).
    func rows() -> [Row] {
        guard width > 0 else { return Array(repeating: Row(values: []), count: images) }
        let all = ArraySlice(spans)
        var rows: [Row] = []
        rows.reserveCapacity(spans.count / width)
        var index = 0
        while index + width <= spans.count {
            rows.append(Row(storage: buffer, spans: all[index..<(index &+ width)]))
            index &+= width
        }
        return rows
    }
}
