import MySQLBinlog
import NIOCore
import SyncEngine

/// How the row images of one planned table map onto the plan's columns (issue 5 item 1): by column name when the
/// TABLE_MAP carries names (`binlog_row_metadata=FULL`, or filled in from the plan's source schema when the
/// column counts agree); columns not in the plan are dropped.
struct BinlogTableMapping: Sendable {
    /// The plan.
    let plan: TablePlan
    /// For each plan column, its index in the row image.
    let imageIndexes: [Int]
    /// For each plan column, what the cell conversion needs of its type.
    let formats: [BinlogRowConverter.CellFormat]

    /// Maps `table` onto `plan`; fails with `.invalidConfiguration` naming the column or the counts when the
    /// binlog's table no longer matches the plan (the table changed since it was planned).
    init(table: TableMapEvent, plan: TablePlan) throws {
        self.plan = plan
        let names = table.columns.map(\.name)
        guard names.allSatisfy({ $0 != nil }) else {
            throw SyncEngineError(
                .invalidConfiguration,
                "the binlog row images of \(plan.source.name) have \(table.columns.count) columns without names but the"
                    + " table was planned with \(plan.source.columns.count); the table changed: re-snapshot it, or set"
                    + " binlog_row_metadata=FULL on the source")
        }
        let known = names.compactMap { $0 }
        formats = plan.columns.map(BinlogRowConverter.CellFormat.init)
        if known.count == plan.columns.count && zip(known, plan.columns).allSatisfy({ $0 == $1.name }) {
            // The usual case, once per rows event: the image's columns are the plan's, in order.
            imageIndexes = Array(known.indices)
            return
        }
        var byName: [String: Int] = [:]
        var byLowercased: [String: Int] = [:]
        for (index, name) in known.enumerated() {
            byName[name] = byName[name] ?? index
            byLowercased[name.lowercased()] = byLowercased[name.lowercased()] ?? index
        }
        imageIndexes = try plan.columns.map { column in
            guard let index = byName[column.name] ?? byLowercased[column.name.lowercased()] else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "column \(column.name) of \(plan.source.name) is not in the binlog row image (columns now: "
                        + known.joined(separator: ", ") + "); the table changed: re-snapshot it")
            }
            return index
        }
    }

    /// Writes the plan columns of one row image. Fails when a planned column is absent from the image (a partial
    /// image: the source must log `binlog_row_image=FULL`) or a value cannot be converted.
    func write(_ image: [MySQLValue?], to buffer: inout ByteBuffer, spans: inout [ValueSpan]) throws {
        for (position, index) in imageIndexes.enumerated() {
            let column = plan.columns[position]
            guard index < image.count, let value = image[index] else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "column \(column.name) of \(plan.source.name) is missing from a binlog row image; set"
                        + " binlog_row_image=FULL on the source")
            }
            let start = buffer.writerIndex
            if try BinlogRowConverter.append(value, for: column, to: &buffer) {
                spans.append(ValueSpan(offset: start, length: buffer.writerIndex - start))
            } else {
                spans.append(.null)
            }
        }
    }

    /// Writes the plan columns of every image of `cells` (``RowImageCells``, in image order), exactly as
    /// ``write(_:to:spans:)`` writes each image decoded to ``MySQLValue``s, without building them, in one pass
    /// (`writeImages`). Fails when a planned column is absent from an image (a partial image) or a cell points
    /// outside its event.
    func write(_ cells: RowImageCells, to buffer: inout ByteBuffer, spans: inout [ValueSpan]) throws {
        let width = cells.columnCount
        let imageCount = cells.imageCount
        guard !imageIndexes.isEmpty, imageCount > 0 else { return }
        guard plan.columns.count == imageIndexes.count, formats.count == imageIndexes.count,
            imageIndexes.allSatisfy({ $0 < width })
        else {
            throw SyncEngineError(.invalidConfiguration, "the binlog row images of \(plan.source.name) changed columns")
        }
        let columnCount = imageIndexes.count
        // Every span slot made at once (NULL until written) and filled by index: no append per value.
        let first = spans.count
        spans.append(contentsOf: repeatElement(.null, count: imageCount * columnCount))
        try spans.withUnsafeMutableBufferPointer { spans in
            try cells.data.withUnsafeReadableBytes { data in
                try cells.text.withUnsafeReadableBytes { text in
                    try cells.cells.withUnsafeBufferPointer { all in
                        guard all.count >= imageCount * width else {
                            throw SyncEngineError(.sourceFailed, "short cells")
                        }
                        try imageIndexes.withUnsafeBufferPointer { indexes in
                            try formats.withUnsafeBufferPointer { formats in
                                try withUnsafeTemporaryAllocation(of: Bool.self, capacity: columnCount) { rawText in
                                    // Whether each planned column's text is written as it is (its collation).
                                    for column in 0..<columnCount {
                                        let collation = cells.columns[indexes[column]].collationID
                                        let raw = BinlogRowConverter.isRawText(collation)
                                        rawText.initializeElement(at: column, to: raw)
                                    }
                                    let event = EventCells(
                                        source: BinlogRowConverter.CellSource(data: data, text: text, cells: cells),
                                        all: all, indexes: indexes, formats: formats,
                                        rawText: UnsafeBufferPointer(rawText), spans: spans, first: first)
                                    try writeImages(event, to: &buffer)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The unsafe views `write(_ cells:)` works on for one event.
    private struct EventCells {
        let source: BinlogRowConverter.CellSource
        let all: UnsafeBufferPointer<RowCell>
        let indexes: UnsafeBufferPointer<Int>
        let formats: UnsafeBufferPointer<BinlogRowConverter.CellFormat>
        let rawText: UnsafeBufferPointer<Bool>
        let spans: UnsafeMutableBufferPointer<ValueSpan>
        /// The span slot of the event's first value.
        let first: Int
    }

    /// The loop of `write(_ cells:)`: runs of values written into the room `buffer` has, each value's bound checked
    /// against the room left; a value that does not fit ends the run and a larger reservation continues, and a rare
    /// kind the raw writers decline is appended through `BinlogRowConverter.append` between runs.
    private func writeImages(_ event: EventCells, to buffer: inout ByteBuffer) throws {
        let width = event.source.cells.columnCount
        let imageCount = event.source.cells.imageCount
        let columnCount = event.indexes.count
        let (all, indexes, formats) = (event.all, event.indexes, event.formats)
        let (rawText, spans) = (event.rawText, event.spans)
        // The room the writer reserved (sized from the event by `RowImageWriter`), doubled when a value does not fit.
        var room = max(64, buffer.writableBytes)
        var slot = event.first
        var image = 0
        var column = 0
        while image < imageCount {
            let start = buffer.writerIndex
            var need = 0
            try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { raw in
                guard let out = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
                let capacity = raw.count
                var position = 0
                while image < imageCount {
                    let cell = all[image &* width &+ indexes[column]]
                    if cell.kind != .null {
                        // nil: a rare kind, written below through BinlogRowConverter.append.
                        guard
                            let most = try BinlogRowConverter.fastBound(
                                cell, event.source, rawText: rawText[column], format: formats[column])
                        else {
                            try checkPresent(cell, column)
                            break
                        }
                        guard most <= capacity &- position else {
                            need = most
                            break
                        }
                        let length = BinlogRowConverter.writeFast(
                            cell, event.source, rawText: rawText[column], format: formats[column], to: out + position)
                        spans[slot] = ValueSpan(offset: start &+ position, length: length)
                        position &+= length
                    }
                    slot &+= 1
                    column &+= 1
                    if column == columnCount {
                        column = 0
                        image &+= 1
                    }
                }
                return position
            }
            guard image < imageCount else { break }
            if need > 0 {
                room = max(need, room * 2)
                continue
            }
            let before = buffer.writerIndex
            try BinlogRowConverter.appendSlow(
                all[image * width + indexes[column]], event.source, image: image, index: indexes[column],
                column: plan.columns[column], to: &buffer)
            spans[slot] = ValueSpan(offset: before, length: buffer.writerIndex - before)
            slot += 1
            column += 1
            if column == columnCount {
                column = 0
                image += 1
            }
        }
    }

    /// Fails for a planned column missing from an image.
    private func checkPresent(_ cell: RowCell, _ column: Int) throws {
        guard cell.kind == .absent else { return }
        throw SyncEngineError(
            .invalidConfiguration,
            "column \(plan.columns[column].name) of \(plan.source.name) is missing from a binlog row image;"
                + " set binlog_row_image=FULL on the source")
    }

    /// The decoder's fallback schema for `plan.source` (signedness, collations, ENUM/SET members), for TABLE_MAPs
    /// without optional metadata. `collations` holds collation ids by column name.
    static func decoderSchema(_ plan: TablePlan, collations: [String: UInt16]) -> MySQLBinlog.TableSchema {
        let columns = plan.source.columns.map { column in
            let type = column.type
            let binary = [.binary, .varbinary, .blob].contains(type.kind)
            return MySQLBinlog.TableSchema.Column(
                name: column.name, unsigned: type.isUnsigned,
                collationID: binary ? 63 : collations[column.name],
                members: [.enum, .set].contains(type.kind) ? type.members : nil)
        }
        return MySQLBinlog.TableSchema(
            database: plan.source.name.schema, table: plan.source.name.name, columns: columns,
            primaryKey: plan.source.keyIndexes)
    }
}
