import MySQLBinlog
import NIOCore
import Testing

/// Decodes Fixtures/mysql97-compressed.bin (from mysql97-compressed.sql on MySQL 9.7.4 with
/// `binlog_transaction_compression=ON`): every DML transaction is one zstd TRANSACTION_PAYLOAD.
struct MySQL97CompressedFixtureTests {
    /// The TRANSACTION_PAYLOAD events of the fixture, in order.
    private func payloads() throws -> [TransactionPayloadEvent] {
        try Fixture.events("mysql97-compressed").compactMap {
            if case .transactionPayload(_, let payload) = $0 { return payload }
            return nil
        }
    }

    private func text(_ value: MySQLValue??) -> String? {
        switch value {
        case .some(.some(.string(let bytes, _))), .some(.some(.bytes(let bytes))): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    @Test func fixtureComesFromMySQLWithChecksums() throws {
        guard case .formatDescription(_, let description) = try Fixture.events("mysql97-compressed").first else {
            Issue.record("first event is not a FORMAT_DESCRIPTION")
            return
        }
        #expect(description.serverVersion.hasPrefix("9.7."))
        #expect(!description.isMariaDB)
        #expect(description.checksumAlgorithm == .crc32)
    }

    @Test func eachDMLTransactionIsOneZstdPayload() throws {
        let payloads = try payloads()
        #expect(payloads.count == 3)
        #expect(payloads.allSatisfy { $0.compressionType == 0 })
        // The INSERT repeats a 12-byte pattern 100 times: zstd must have shrunk it.
        #expect(payloads.first.map { UInt64($0.payload.readableBytes) * 2 < $0.uncompressedSize } == true)
        for payload in payloads {
            let kinds = payload.events.map { event -> String in
                switch event {
                case .tableMap: "tableMap"
                case .rows: "rows"
                case .query(_, let query): query.query
                case .xid: "xid"
                default: "other"
                }
            }
            #expect(kinds == ["BEGIN", "tableMap", "rows", "xid"])
        }
    }

    @Test func innerRowsDecodeWithTheInnerTableMap() throws {
        let rows = try payloads().flatMap(\.events).compactMap { event -> RowsEvent? in
            if case .rows(_, let rows) = event { return rows }
            return nil
        }
        try #require(rows.count == 3)
        #expect(rows.allSatisfy { $0.table?.database == "fx_zstd" && $0.table?.table == "t" })

        #expect(rows[0].kind == .insert)
        let inserted = rows[0].rows.compactMap(\.after)
        #expect(inserted.map { $0.first } == [.signed(1), .signed(2)])
        #expect(text(inserted.first?[1]) == String(repeating: "compress me ", count: 100))
        #expect(inserted.first?[2] == .unsigned(UInt64.max))
        #expect(text(inserted.last?[1]) == "short")
        #expect(inserted.last?[2] == .null)

        #expect(rows[1].kind == .update)
        #expect(text(rows[1].rows.first?.before?[1]) == String(repeating: "compress me ", count: 100))
        #expect(text(rows[1].rows.first?.after?[1]) == "changed")

        #expect(rows[2].kind == .delete)
        #expect(rows[2].rows.first?.before?.first == .signed(2))
    }
}
