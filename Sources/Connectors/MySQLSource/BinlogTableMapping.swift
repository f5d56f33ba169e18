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
    func write(_ image: [MySQLValue?], to buffer: inout ByteBuffer, spans: inout [RowImageWriter.Span?]) throws {
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
                spans.append(RowImageWriter.Span(start: start, length: buffer.writerIndex - start))
            } else {
                spans.append(nil)
            }
        }
    }

    /// Writes the plan columns of every image of `cells` (``RowImageCells``, in image order), exactly as
    /// ``write(_:to:spans:)`` writes each image decoded to ``MySQLValue``s, without building them. A first pass
    /// checks that every planned column is in the images and sums the most bytes the values can take; the values
    /// are then written through one reservation of `buffer` per run of values the raw writers handle (all of them,
    /// unless a rare type needs `BinlogRowConverter.append`).
    func write(_ cells: RowImageCells, to buffer: inout ByteBuffer, spans: inout [RowImageWriter.Span?]) throws {
        let width = cells.columnCount
        let imageCount = cells.imageCount
        let total = imageCount * imageIndexes.count
        guard !imageIndexes.isEmpty else { return }
        guard plan.columns.count == imageIndexes.count, formats.count == imageIndexes.count,
            imageIndexes.allSatisfy({ $0 < width })
        else {
            throw SyncEngineError(.invalidConfiguration, "the binlog row images of \(plan.source.name) changed columns")
        }
        try cells.data.withUnsafeReadableBytes { data in
            try cells.text.withUnsafeReadableBytes { text in
                try cells.cells.withUnsafeBufferPointer { all in
                    guard all.count >= imageCount * width else { throw SyncEngineError(.sourceFailed, "short cells") }
                    let source = BinlogRowConverter.CellSource(data: data, text: text, cells: cells)
                    try imageIndexes.withUnsafeBufferPointer { indexes in
                        try formats.withUnsafeBufferPointer { formats in
                            // The bound of every raw-written value: enough for all of them, whatever runs
                            // rare kinds cut them into.
                            let most = try bound(all, source, indexes, formats, images: imageCount)
                            spans.reserveCapacity(spans.count + total)
                            var image = 0
                            var column = 0
                            while image < imageCount {
                                let start = buffer.writerIndex
                                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: max(1, most)) { raw in
                                    guard let out = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
                                    var position = 0
                                    while image < imageCount {
                                        let cell = all[image &* width &+ indexes[column]]
                                        if cell.kind == .null {
                                            spans.append(nil)
                                        } else {
                                            // nil: a rare kind, written below through BinlogRowConverter.append.
                                            guard let length = BinlogRowConverter.writeFast(
                                                cell, source, index: indexes[column], format: formats[column],
                                                to: out + position)
                                            else { break }
                                            spans.append(RowImageWriter.Span(start: start + position, length: length))
                                            position += length
                                        }
                                        column += 1
                                        if column == indexes.count {
                                            column = 0
                                            image += 1
                                        }
                                    }
                                    return position
                                }
                                guard image < imageCount else { break }
                                let before = buffer.writerIndex
                                try BinlogRowConverter.appendSlow(
                                    all[image * width + indexes[column]], source, image: image, index: indexes[column],
                                    column: plan.columns[column], to: &buffer)
                                spans.append(RowImageWriter.Span(start: before, length: buffer.writerIndex - before))
                                column += 1
                                if column == indexes.count {
                                    column = 0
                                    image += 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The most bytes the raw writers need for the plan columns of `images` images; fails for a planned column
    /// missing from an image.
    private func bound(
        _ all: UnsafeBufferPointer<RowCell>, _ source: BinlogRowConverter.CellSource, _ indexes: UnsafeBufferPointer<Int>,
        _ formats: UnsafeBufferPointer<BinlogRowConverter.CellFormat>, images: Int
    ) throws -> Int {
        let width = source.cells.columnCount
        var total = 0
        for image in 0..<images {
            for column in 0..<indexes.count {
                let cell = all[image * width + indexes[column]]
                switch cell.kind {
                case .null: continue
                case .absent:
                    throw SyncEngineError(
                        .invalidConfiguration,
                        "column \(plan.columns[column].name) of \(plan.source.name) is missing from a binlog row image;"
                            + " set binlog_row_image=FULL on the source")
                default:
                    total += try BinlogRowConverter.fastBound(cell, source, index: indexes[column], format: formats[column]) ?? 0
                }
            }
        }
        return total
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
