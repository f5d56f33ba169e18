extension RowsEvent {
    /// Reads the after image of a PARTIAL_UPDATE_ROWS_EVENT row (MySQL source `sql/rpl_record.cc`, `pack_row`
    /// with `PARTIAL_JSON_UPDATES`): `value_options` (length-encoded; bit 0 = partial JSON), then when set one
    /// bit per JSON column of the table (LSB first, by the column's rank among the table's JSON columns, whether
    /// or not it is in the image), then the NULL bitmap and values as usual, except that a JSON column whose bit
    /// is set holds its diffs (length in the column's length bytes, then ``JSONDiff``s) instead of a document.
    ///
    /// The diffs are applied to the column's document in `before`; without one (MINIMAL image) the after image
    /// has nil for the column and the diffs are only in ``Row/partialJSON``.
    static func readPartialAfterImage(
        _ reader: inout RawReader, _ columns: UnsafeBufferPointer<ColumnDescriptor>, _ present: [Bool],
        before: [MySQLValue?]
    ) throws(MySQLBinlogError) -> Row {
        let options = try reader.readLengthEncodedInteger("value options")
        var partialBits: RawReader?
        var jsonColumns = 0
        for column in columns where column.realType == .json { jsonColumns += 1 }
        if options & 1 != 0 { partialBits = try reader.readReader((jsonColumns + 7) / 8, "partial JSON bitmap") }
        var presentCount = 0
        for flag in present where flag { presentCount += 1 }
        let nulls = try reader.readReader((presentCount + 7) / 8, "row NULL bitmap")
        guard let base = columns.baseAddress else { throw .malformed("no columns") }
        var image: [MySQLValue?] = []
        image.reserveCapacity(columns.count)
        var diffsByColumn: [Int: [JSONDiff]] = [:]
        var presentIndex = 0
        var jsonIndex = 0
        for index in 0..<columns.count {
            var isPartial = false
            if columns[index].realType == .json {
                if let bits = partialBits { isPartial = bits.base[jsonIndex >> 3] & (1 << UInt8(jsonIndex & 7)) != 0 }
                jsonIndex += 1
            }
            guard present[index] else {
                image.append(nil)
                continue
            }
            defer { presentIndex += 1 }
            if nulls.base[presentIndex >> 3] & (1 << UInt8(presentIndex & 7)) != 0 {
                image.append(.null)
            } else if isPartial {
                let lengthBytes = Int(columns[index].metadata)
                guard (1...4).contains(lengthBytes) else { throw .malformed("JSON length bytes \(lengthBytes)") }
                let length = try reader.readUIntLE(bytes: lengthBytes, "JSON diff length")
                var diffReader = try reader.readReader(Int(length), "JSON diffs")
                let diffs = try JSONDiff.readAll(&diffReader)
                diffsByColumn[index] = diffs
                image.append(try applied(diffs, to: index < before.count ? before[index] : nil, column: index))
            } else {
                image.append(try RowValueDecoder.decode(base + index, from: &reader))
            }
        }
        return Row(before: before, after: image, partialJSON: diffsByColumn)
    }

    /// The after document of a partially updated column: the before image's document with `diffs` applied,
    /// nil when the before image does not hold the column.
    private static func applied(_ diffs: [JSONDiff], to before: MySQLValue?, column: Int) throws(MySQLBinlogError)
        -> MySQLValue?
    {
        guard case .json(let text)? = before else { return nil }
        if diffs.isEmpty { return .json(text) }
        var document = try JSONDocument.parse(text)
        for diff in diffs {
            do throws(MySQLBinlogError) {
                try document.apply(diff)
            } catch {
                throw .malformed("partial JSON update of column \(column + 1): \(error.message)")
            }
        }
        return .json(document.text)
    }
}

extension RawReader {
    /// A length-encoded integer (MySQL protocol `int<lenenc>`).
    mutating func readLengthEncodedInteger(_ what: @autoclosure () -> String) throws(MySQLBinlogError) -> UInt64 {
        let first = try readLE(UInt8.self, what())
        switch first {
        case 0..<0xFB: return UInt64(first)
        case 0xFC: return UInt64(try readLE(UInt16.self, what()))
        case 0xFD: return try readUIntLE(bytes: 3, what())
        case 0xFE: return try readLE(UInt64.self, what())
        default: throw .malformed("\(what()): length-encoded integer starts with \(first)")
        }
    }
}
