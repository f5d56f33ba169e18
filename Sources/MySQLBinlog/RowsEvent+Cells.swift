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
        // DECIMAL text, reserved once per event (its digits take about 2.25 bytes per binary byte, and the binary
        // DECIMALs a fraction of the event) instead of grown from empty by doubling.
        let decimals = columns.contains { $0.realType == .newDecimal }
        var decoder = RowCellDecoder(
            text: decimals ? ByteBufferAllocator().buffer(capacity: data.readableBytes / 4 + 256) : ByteBuffer())
        var cells: [RowCell] = []
        let result: MySQLBinlogError? = data.withUnsafeReadableBytes { raw in
            columns.withUnsafeBufferPointer { columns in
                // A guess of 8 bytes per value; the array grows if the values are shorter.
                cells.reserveCapacity(min(raw.count / 8, 1 << 16) + width)
                var reader = RawReader(raw)
                do throws(MySQLBinlogError) {
                    while reader.readableBytes > 0 {
                        let start = reader.index
                        try Self.readCells(&reader, columns, before, &decoder, &cells)
                        if kind == .update { try Self.readCells(&reader, columns, afterPresent, &decoder, &cells) }
                        guard reader.index > start else { throw .malformed("rows event with an empty row image") }
                    }
                    return nil
                } catch {
                    return error
                }
            }
        }
        if let result { throw result }
        return RowImageCells(kind: kind, columns: columns, data: data, text: decoder.text, cells: cells)
    }

    /// Reads one row image into `cells` (one cell per table column, `.absent` for columns not in the image).
    @inline(__always)
    static func readCells(
        _ reader: inout RawReader, _ columns: UnsafeBufferPointer<ColumnDescriptor>, _ present: [Bool],
        _ decoder: inout RowCellDecoder, _ cells: inout [RowCell]
    ) throws(MySQLBinlogError) {
        guard let base = columns.baseAddress, present.count == columns.count else { throw .malformed("no columns") }
        try present.withUnsafeBufferPointer { (present) throws(MySQLBinlogError) in
            var presentCount = 0
            for flag in present where flag { presentCount &+= 1 }
            let nulls = try reader.readReader((presentCount + 7) / 8, "row NULL bitmap")
            var presentIndex = 0
            for index in 0..<columns.count {
                if !present[index] {
                    cells.append(RowCell(kind: .absent))
                } else if nulls.base[presentIndex >> 3] & (1 << UInt8(presentIndex & 7)) != 0 {
                    cells.append(RowCell(kind: .null))
                    presentIndex += 1
                } else {
                    cells.append(try decoder.decode(base + index, from: &reader, origin: 0))
                    presentIndex += 1
                }
            }
        }
    }
}
