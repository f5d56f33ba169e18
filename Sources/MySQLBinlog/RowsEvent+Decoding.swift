import NIOCore

extension RowsEvent {
    /// Decodes a rows event body. `tables` resolves the table id; `decompress` expands MariaDB compressed rows.
    static func decode(
        body: inout ByteBuffer, kind: Kind, version: Int, postHeaderLength: Int,
        table lookup: (UInt64) -> TableMapEvent?,
        decompress: ((inout ByteBuffer) throws(MySQLBinlogError) -> ByteBuffer)? = nil,
        partialJSON: Bool = false, deferImages: Bool = false
    ) throws(MySQLBinlogError) -> RowsEvent {
        let tableID = try TableMapEvent.readTableID(&body, postHeaderLength: postHeaderLength)
        let flags = try body.readLE(UInt16.self, "rows flags")
        if version == 2 {
            let extraLength = Int(try body.readLE(UInt16.self, "extra row info length"))
            guard extraLength >= 2 else { throw .malformed("extra row info length \(extraLength)") }
            try body.skip(extraLength - 2, "extra row info")
        }
        // A column count, not a byte count (many NULL columns take fewer bytes than columns): bounded by MySQL's
        // 4096-column limit instead of the bytes left.
        let rawCount = try body.readLengthEncodedInteger("column count")
        guard rawCount <= 4096 else { throw .malformed("column count \(rawCount)") }
        let columnCount = Int(rawCount)
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
        if deferImages && !partialJSON {
            var event = RowsEvent(
                kind: kind, tableID: tableID, flags: flags, table: table, columnCount: columnCount,
                includedColumns: present, includedColumnsAfterImage: presentAfter, rows: [])
            event.imageData = data
            return event
        }
        let columns = table.columns
        let result: Result<[Row], MySQLBinlogError> = data.withUnsafeReadableBytes { raw in
          columns.withUnsafeBufferPointer { columns in
            var reader = RawReader(raw)
            var rows: [Row] = []
            do throws(MySQLBinlogError) {
                while reader.readableBytes > 0 {
                    switch kind {
                    case .insert:
                        rows.append(Row(before: nil, after: try readImage(&reader, columns, present)))
                    case .delete:
                        rows.append(Row(before: try readImage(&reader, columns, present), after: nil))
                    case .update where partialJSON:
                        let before = try readImage(&reader, columns, present)
                        rows.append(try readPartialAfterImage(&reader, columns, presentAfter ?? present, before: before))
                    case .update:
                        let before = try readImage(&reader, columns, present)
                        let after = try readImage(&reader, columns, presentAfter ?? present)
                        rows.append(Row(before: before, after: after))
                    }
                }
                return .success(rows)
            } catch {
                return .failure(error)
            }
          }
        }
        let rows = try result.get()
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
    static func readImage(
        _ reader: inout RawReader, _ columns: UnsafeBufferPointer<ColumnDescriptor>, _ present: [Bool]
    )
        throws(MySQLBinlogError) -> [MySQLValue?]
    {
        var presentCount = 0
        for flag in present where flag { presentCount += 1 }
        let nulls = try reader.readReader((presentCount + 7) / 8, "row NULL bitmap")
        guard let base = columns.baseAddress else { throw .malformed("no columns") }
        // Each slot is initialised exactly once, in column order, so no placeholder is built and destroyed;
        // on an error the slots filled so far are handed back initialised.
        var failure: MySQLBinlogError?
        let image = [MySQLValue?](unsafeUninitializedCapacity: columns.count) { slots, initialized in
            var presentIndex = 0
            for index in 0..<columns.count {
                let value: MySQLValue?
                if !present[index] {
                    value = nil
                } else if nulls.base[presentIndex >> 3] & (1 << UInt8(presentIndex & 7)) != 0 {
                    value = .null
                    presentIndex += 1
                } else {
                    do throws(MySQLBinlogError) {
                        value = try RowValueDecoder.decode(base + index, from: &reader)
                    } catch {
                        failure = error
                        return
                    }
                    presentIndex += 1
                }
                slots.initializeElement(at: index, to: value)
                initialized = index + 1
            }
        }
        if let failure { throw failure }
        return image
    }
}
