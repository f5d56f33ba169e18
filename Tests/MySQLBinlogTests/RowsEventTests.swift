import MySQLBinlog
import NIOCore
import Testing

/// Partial row images (Fixtures/images.sql: MINIMAL then NOBLOB) and decoding without optional metadata
/// (Fixtures/nometadata.sql) with a live-schema provider.
struct RowsEventTests {
    @Test func minimalImagesCarryOnlyTheKeyAndTheChangedColumns() throws {
        let rows = try Fixture.rows("images")
        #expect(rows.count == 7)
        // INSERT INTO m (id, a) VALUES (1, 10)
        #expect(rows[0].includedColumns == [true, true, false, false])
        #expect(rows[0].rows == [.init(before: nil, after: [.signed(1), .signed(10), nil, nil])])
        // UPDATE m SET a = 11 WHERE id = 1
        #expect(rows[1].includedColumns == [true, false, false, false])
        #expect(rows[1].includedColumnsAfterImage == [false, true, false, false])
        #expect(rows[1].rows == [.init(before: [.signed(1), nil, nil, nil], after: [nil, .signed(11), nil, nil])])
        // DELETE FROM m WHERE id = 1
        #expect(rows[2].rows == [.init(before: [.signed(1), nil, nil, nil], after: nil)])
    }

    @Test func noblobImagesLeaveOutUnchangedBlobs() throws {
        let rows = try Fixture.rows("images")
        #expect(rows[3].rows == [.init(before: nil, after: [.signed(2), .signed(20), .utf8("blob2"), .utf8("y")])])
        // UPDATE m SET a = 21: the TEXT column b is in neither image.
        #expect(rows[4].rows == [
            .init(before: [.signed(2), .signed(20), nil, .utf8("y")], after: [.signed(2), .signed(21), nil, .utf8("y")])
        ])
        // UPDATE m SET b = 'blob3': b is in the after image only.
        #expect(rows[5].rows == [
            .init(
                before: [.signed(2), .signed(21), nil, .utf8("y")],
                after: [.signed(2), .signed(21), .utf8("blob3"), .utf8("y")])
        ])
        #expect(rows[6].kind == .delete)
        #expect(rows[6].rows == [.init(before: [.signed(2), .signed(21), nil, .utf8("y")], after: nil)])
    }

    @Test func withoutOptionalMetadataValuesAreRawUntilASchemaIsGiven() throws {
        let plain = try Fixture.rows("nometadata")
        #expect(plain.count == 1)
        #expect(plain[0].table?.optionalMetadata.isEmpty == true)
        #expect(plain[0].table?.columns.map(\.name) == [nil, nil, nil, nil])
        // Without metadata the INT UNSIGNED max reads as signed -1 and the charset is unknown.
        #expect(plain[0].rows[0].after == [
            .signed(-1), .enumeration(index: 2, name: nil), .string(Array("zoë".utf8), collationID: nil),
            .string([0x00, 0xFF], collationID: nil),
        ])

        var decoder = BinlogDecoder()
        decoder.schemaProvider = { table in
            guard table.database == "fx_nometa", table.table == "t" else { return nil }
            return TableSchema(
                database: "fx_nometa", table: "t",
                columns: [
                    .init(name: "id", unsigned: true), .init(name: "e", members: ["red", "green"]),
                    .init(name: "name", collationID: 45), .init(name: "raw", collationID: 63),
                ], primaryKey: [0])
        }
        let resolved = try Fixture.rows("nometadata", decoder: decoder)
        #expect(resolved[0].table?.columns.map(\.name) == ["id", "e", "name", "raw"])
        #expect(resolved[0].rows[0].after == [
            .unsigned(4_294_967_295), .enumeration(index: 2, name: "green"), .utf8("zoë"), .bytes([0x00, 0xFF]),
        ])
    }
}

/// MariaDB `log_bin_compress` (Fixtures/compressed.sql): QUERY_COMPRESSED and *_ROWS_COMPRESSED events.
struct MariaDBCompressionTests {
    @Test func decodesCompressedQueriesAndRows() throws {
        let events = try Fixture.events("compressed")
        #expect(events.contains { $0.header.typeCode == 165 })
        let queries = events.compactMap { if case .query(let h, let q) = $0, h.typeCode == 165 { q.query } else { nil } }
        #expect(queries == ["CREATE TABLE t (id INT PRIMARY KEY, body TEXT)"])
        let rows = events.compactMap { if case .rows(let h, let r) = $0 { (h.typeCode, r) } else { nil } }
        #expect(rows.map(\.0) == [166, 167, 168])  // the V1 row format
        #expect(rows[0].1.rows == [
            .init(before: nil, after: [.signed(1), .utf8(String(repeating: "compress me ", count: 50))]),
            .init(before: nil, after: [.signed(2), .utf8("short")]),
        ])
        #expect(rows[1].1.rows == [
            .init(
                before: [.signed(1), .utf8(String(repeating: "compress me ", count: 50))],
                after: [.signed(1), .utf8("changed")])
        ])
        #expect(rows[2].1.rows == [.init(before: [.signed(2), .utf8("short")], after: nil)])
    }
}
