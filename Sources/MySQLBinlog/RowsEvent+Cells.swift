import NIOCore

extension RowsEvent {
    /// Decodes the row images left undecoded in ``imageData`` into one flat ``RowImageCells`` (MySQL source
    /// "Rows_event" body: per row a NULL bitmap over the present columns, then the non-NULL values): one cell array
    /// and one DECIMAL text buffer per event, no allocation per row or value. nil when the images were decoded to
    /// ``rows`` instead (decoder default, PARTIAL_UPDATE_ROWS). Malformed images throw, as ``rows`` decoding does.
    public func decodeCells() throws(MySQLBinlogError) -> RowImageCells? {
        guard let data = imageData else { return nil }
        guard let table else {
            guard data.readableBytes == 0 else { throw MySQLBinlogError(.unknownTable, "no TABLE_MAP for table id \(tableID)") }
            return RowImageCells(kind: kind, columns: [], data: data, text: ByteBuffer(), cells: [])
        }
        let columns = table.columns
        let width = columns.count
        guard width == columnCount, width == includedColumns.count else {
            throw .malformed("rows event has \(columnCount) columns, table map \(width)")
        }
        let afterPresent = includedColumnsAfterImage ?? includedColumns
        guard afterPresent.count == width else { throw .malformed("rows event after-image bitmap") }
        let kind = self.kind
        let before = includedColumns
        // DECIMAL text goes straight to memory reserved in `text` once per run of images (room for the DECIMALs of
        // a row checked before each row), not through a ByteBuffer write per value.
        var decimals = 0
        for column in columns where column.realType == .newDecimal { decimals += 1 }
        let imageRoom = decimals * DecimalBinary.textCapacity * (kind == .update ? 2 : 1)
        var text = decimals > 0 ? ByteBufferAllocator().buffer(capacity: data.readableBytes / 4 + 2 * imageRoom) : ByteBuffer()
        var decoder = RowCellDecoder()
        var cells: [RowCell] = []
        var result: MySQLBinlogError?
        data.withUnsafeReadableBytes { raw in
            columns.withUnsafeBufferPointer { columns in
                withUnsafeTemporaryAllocation(of: RowCell.self, capacity: max(1, width)) { scratch in
                    guard let image = scratch.baseAddress else { return }
                    // A guess of 8 bytes per value; the array grows if the values are shorter.
                    cells.reserveCapacity(min(raw.count / 8, 1 << 16) + width)
                    var reader = RawReader(raw)
                    guard imageRoom > 0 else {
                        // No DECIMAL column: every image in one go, no text.
                        do throws(MySQLBinlogError) {
                            try Self.readImages(
                                &reader, columns, before, afterPresent, kind, &decoder, &cells, room: 0, 0, image)
                        } catch {
                            result = error
                        }
                        return
                    }
                    while reader.readableBytes > 0 && result == nil {
                        let origin = text.writerIndex
                        text.writeWithUnsafeMutableBytes(minimumWritableBytes: 2 * imageRoom) { room in
                            decoder.text = room
                            decoder.used = 0
                            decoder.origin = origin
                            do throws(MySQLBinlogError) {
                                try Self.readImages(
                                    &reader, columns, before, afterPresent, kind, &decoder, &cells, room: room.count,
                                    imageRoom, image)
                            } catch {
                                result = error
                            }
                            decoder.text = nil
                            return decoder.used
                        }
                    }
                }
            }
        }
        if let result { throw result }
        return RowImageCells(kind: kind, columns: columns, data: data, text: text, cells: cells)
    }

    /// Reads whole row images (both images of an update row; `image` holds one image's cells) into `cells` while
    /// the DECIMAL text `room` has `imageRoom` bytes left for the next one (with an `imageRoom` of 0, all of them).
    @inline(__always)
    static func readImages(
        _ reader: inout RawReader, _ columns: UnsafeBufferPointer<ColumnDescriptor>, _ before: [Bool],
        _ afterPresent: [Bool], _ kind: Kind, _ decoder: inout RowCellDecoder, _ cells: inout [RowCell], room: Int,
        _ imageRoom: Int, _ image: UnsafeMutablePointer<RowCell>
    ) throws(MySQLBinlogError) {
        while reader.readableBytes > 0 && room - decoder.used >= imageRoom {
            let start = reader.index
            try readCells(&reader, columns, before, &decoder, &cells, image)
            if kind == .update { try readCells(&reader, columns, afterPresent, &decoder, &cells, image) }
            guard reader.index > start else { throw .malformed("rows event with an empty row image") }
        }
    }

    /// Reads one row image into `cells` (one cell per table column, `.absent` for columns not in the image).
    @inline(__always)
    static func readCells(
        _ reader: inout RawReader, _ columns: UnsafeBufferPointer<ColumnDescriptor>, _ present: [Bool],
        _ decoder: inout RowCellDecoder, _ cells: inout [RowCell], _ image: UnsafeMutablePointer<RowCell>
    ) throws(MySQLBinlogError) {
        guard let base = columns.baseAddress, present.count == columns.count else { throw .malformed("no columns") }
        try present.withUnsafeBufferPointer { (present) throws(MySQLBinlogError) in
            var presentCount = 0
            for flag in present where flag { presentCount &+= 1 }
            let nulls = try reader.readReader((presentCount + 7) / 8, "row NULL bitmap")
            var presentIndex = 0
            // The image is built in `image` (room for every column) and appended whole: one uniqueness and
            // capacity check per image instead of one per value.
            for index in 0..<columns.count {
                if !present[index] {
                    (image + index).initialize(to: RowCell(kind: .absent))
                } else if nulls.base[presentIndex >> 3] & (1 << UInt8(presentIndex & 7)) != 0 {
                    (image + index).initialize(to: RowCell(kind: .null))
                    presentIndex += 1
                } else {
                    (image + index).initialize(to: try decoder.decode(base + index, from: &reader, origin: 0))
                    presentIndex += 1
                }
            }
            cells.append(contentsOf: UnsafeBufferPointer(start: image, count: columns.count))
        }
    }
}
