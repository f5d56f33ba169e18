import NIOCore

extension RowsEvent {
    /// Decodes a rows event body. `tables` resolves the table id; `decompress` expands MariaDB compressed rows.
    static func decode(
        body: inout ByteBuffer, kind: Kind, version: Int, postHeaderLength: Int,
        table lookup: (UInt64) -> TableMapEvent?,
        decompress: ((inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer)? = nil
    ) throws(MySQLBinlogError) -> RowsEvent {
        let tableID = try TableMapEvent.readTableID(&body, postHeaderLength: postHeaderLength)
        let flags = try body.readLE(UInt16.self, "rows flags")
        if version == 2 {
            let extraLength = Int(try body.readLE(UInt16.self, "extra row info length"))
            guard extraLength >= 2 else { throw .malformed("extra row info length \(extraLength)") }
            try body.skip(extraLength - 2, "extra row info")
        }
        let columnCount = try body.readLengthEncodedCount("column count")
        let present = try readBitmap(&body, count: columnCount)
        let presentAfter = kind == .update ? try readBitmap(&body, count: columnCount) : nil
        var data = body
        body.moveReaderIndex(forwardBy: body.readableBytes)
        if let decompress { data = try decompress(&data) }
        guard let table = lookup(tableID) else {
            if data.readableBytes == 0 {
                return RowsEvent(
                    kind: kind, tableID: tableID, flags: flags, table: nil, columnCount: columnCount,
                    includedColumns: present, includedColumnsAfterImage: presentAfter, rows: [])
            }
            throw MySQLBinlogError(.unknownTable, "no TABLE_MAP for table id \(tableID)")
        }
        guard table.columns.count == columnCount else {
            throw .malformed("rows event has \(columnCount) columns, table map \(table.columns.count)")
        }
        guard present.contains(true), (presentAfter ?? present).contains(true) else {
            // A row image with no columns takes no bytes; the loop below could never finish.
            throw .malformed("rows event with no columns in its image")
        }
        var rows: [Row] = []
        while data.readableBytes > 0 {
            switch kind {
            case .insert:
                rows.append(Row(before: nil, after: try readImage(&data, table.columns, present)))
            case .delete:
                rows.append(Row(before: try readImage(&data, table.columns, present), after: nil))
            case .update:
                let before = try readImage(&data, table.columns, present)
                let after = try readImage(&data, table.columns, presentAfter ?? present)
                rows.append(Row(before: before, after: after))
            }
        }
        return RowsEvent(
            kind: kind, tableID: tableID, flags: flags, table: table, columnCount: columnCount,
            includedColumns: present, includedColumnsAfterImage: presentAfter, rows: rows)
    }

    static func readBitmap(_ buffer: inout ByteBuffer, count: Int) throws(MySQLBinlogError) -> [Bool] {
        let bytes = try buffer.readByteArray((count + 7) / 8, "column bitmap")
        var bits = [Bool](repeating: false, count: count)
        for index in 0..<count { bits[index] = bytes[index >> 3] & (1 << UInt8(index & 7)) != 0 }
        return bits
    }

    /// Reads one row image: a NULL bitmap over the present columns, then each present non-NULL value.
    static func readImage(_ data: inout ByteBuffer, _ columns: [ColumnDescriptor], _ present: [Bool])
        throws(MySQLBinlogError) -> [MySQLValue?]
    {
        var presentCount = 0
        for flag in present where flag { presentCount += 1 }
        let nullBytes = (presentCount + 7) / 8
        guard let nulls = data.readSlice(length: nullBytes) else { throw .truncated("row NULL bitmap") }
        let nullStart = nulls.readerIndex
        var image = [MySQLValue?](repeating: nil, count: columns.count)
        var presentIndex = 0
        for index in 0..<columns.count where present[index] {
            let nullByte = nulls.getInteger(at: nullStart + presentIndex >> 3, as: UInt8.self) ?? 0
            if nullByte & (1 << UInt8(presentIndex & 7)) != 0 {
                image[index] = .null
            } else {
                image[index] = try RowValueDecoder.decode(columns[index], from: &data)
            }
            presentIndex += 1
        }
        return image
    }
}
