import MySQLBinlog
import NIOCore
import Testing

/// Decodes Fixtures/basic.bin (from basic.sql on MariaDB 10.11.19) event by event.
struct BinlogDecoderTests {
    @Test func decodesFormatDescriptionOfMariaDB() throws {
        let events = try Fixture.events("basic")
        guard case .formatDescription(let header, let description) = events.first else {
            Issue.record("first event is not a FORMAT_DESCRIPTION")
            return
        }
        #expect(header.nextPosition == 256)
        #expect(header.serverID == 1)
        #expect(description.binlogVersion == 4)
        #expect(description.serverVersion.hasPrefix("10.11."))
        #expect(description.isMariaDB)
        #expect(description.checksumAlgorithm == .crc32)
        #expect(description.headerLength == 19)
    }

    @Test func decodesGTIDListCheckpointsAndGTIDs() throws {
        let events = try Fixture.events("basic")
        #expect(events.contains { if case .mariaDBGTIDList(_, let list) = $0 { list.gtids.isEmpty } else { false } })
        let checkpoints = events.compactMap { if case .binlogCheckpoint(_, let c) = $0 { c.file } else { nil } }
        #expect(checkpoints == ["mysql-bin.000001", "mysql-bin.000002"])
        let gtids = events.compactMap { if case .mariaDBGTID(_, let g) = $0 { g } else { nil } }
        #expect(gtids.map(\.gtid.description) == (1...8).map { "0-1-\($0)" })
        #expect(gtids.map(\.isStandalone) == [true, true, true, false, false, false, true, false])
    }

    @Test func decodesQueryEventsWithStatusVariables() throws {
        let queries = try Fixture.events("basic").compactMap { if case .query(_, let q) = $0 { q } else { nil } }
        #expect(queries.map(\.query).contains("CREATE DATABASE fx_basic"))
        let create = try #require(queries.first { $0.query.hasPrefix("CREATE TABLE t") })
        #expect(create.database == "fx_basic")
        #expect(create.errorCode == 0)
        #expect(create.status.charset == QueryCharset(client: 33, connection: 33, server: 45))
        #expect(create.status.sqlMode != nil)
        #expect(create.status.xid != nil)
        let alter = try #require(queries.first { $0.query.hasPrefix("ALTER TABLE") })
        #expect(alter.query == "ALTER TABLE t ADD COLUMN note TEXT")
    }

    @Test func decodesAnnotateRowsTableMapRowsAndXID() throws {
        let events = try Fixture.events("basic")
        let annotations = events.compactMap { if case .rowsQuery(_, let q) = $0 { q.query } else { nil } }
        #expect(annotations.first == "INSERT INTO t VALUES (1, 'one', 10), (2, 'two', NULL)")
        let xids = events.compactMap { if case .xid(_, let x) = $0 { x.xid } else { nil } }
        #expect(xids.count == 4)
        let map = try #require(events.compactMap { if case .tableMap(_, let t) = $0 { t } else { nil } }.first)
        #expect(map.database == "fx_basic")
        #expect(map.table == "t")
        #expect(map.columns.map(\.name) == ["id", "name", "qty"])
        #expect(map.columns.map(\.type) == [.long, .varchar, .long])
        #expect(map.columns.map(\.unsigned) == [false, false, true])
        #expect(map.columns.map(\.nullable) == [false, false, true])
        #expect(map.optionalMetadata.primaryKey == [0])

        let rows = try Fixture.rows("basic")
        #expect(rows.map(\.kind) == [.insert, .update, .delete, .insert])
        #expect(rows[0].rows == [
            .init(before: nil, after: [.signed(1), .utf8("one"), .unsigned(10)]),
            .init(before: nil, after: [.signed(2), .utf8("two"), .null]),
        ])
        #expect(rows[1].rows == [
            .init(
                before: [.signed(1), .utf8("one"), .unsigned(10)],
                after: [.signed(1), .utf8("uno"), .unsigned(20)])
        ])
        #expect(rows[2].rows == [.init(before: [.signed(2), .utf8("two"), .null], after: nil)])
        #expect(rows[3].rows == [
            .init(before: nil, after: [.signed(3), .utf8("three"), .unsigned(4_294_967_295), .utf8("n")])
        ])
        #expect(rows.allSatisfy { $0.isStatementEnd })
    }

    @Test func endsWithRotateToTheNextFile() throws {
        guard case .rotate(_, let rotate) = try Fixture.events("basic").last else {
            Issue.record("last event is not a ROTATE")
            return
        }
        #expect(rotate == RotateEvent(position: 4, nextFile: "mysql-bin.000003"))
    }

    @Test func rejectsACorruptedChecksum() throws {
        var slices = try Fixture.eventSlices("basic")
        var decoder = BinlogDecoder()
        _ = try decoder.decode(slices[0])
        let last = slices[1].writerIndex - 1
        slices[1].setInteger((slices[1].getInteger(at: last, as: UInt8.self) ?? 0) ^ 1, at: last)
        #expect(throws: MySQLBinlogError.self) { try decoder.decode(slices[1]) }
        do {
            _ = try decoder.decode(slices[1])
        } catch {
            #expect(error.code == .checksumMismatch)
            #expect(error.header?.typeCode == 163)
        }
    }

    @Test func skipsUnknownEventTypesByLength() throws {
        var decoder = BinlogDecoder(verifyChecksums: false)
        _ = try decoder.decode(try Fixture.eventSlices("basic")[0])
        var event = ByteBuffer()
        let body: [UInt8] = [1, 2, 3, 4, 5]
        event.writeInteger(UInt32(7), endianness: .little)
        event.writeInteger(UInt8(200))
        event.writeInteger(UInt32(1), endianness: .little)
        event.writeInteger(UInt32(19 + body.count + 4), endianness: .little)
        event.writeInteger(UInt32(0), endianness: .little)
        event.writeInteger(UInt16(0), endianness: .little)
        event.writeBytes(body)
        event.writeInteger(UInt32(0), endianness: .little)
        guard case .unknown(let header, let rest) = try decoder.decode(event) else {
            Issue.record("not decoded as unknown")
            return
        }
        #expect(header.typeCode == 200)
        #expect(Array(rest.readableBytesView) == body)
    }

    @Test func detectsTheChecksumOfTheArtificialRotateBeforeAnyFormatDescription() throws {
        var event = ByteBuffer()
        let name = Array("mysql-bin.000007".utf8)
        event.writeInteger(UInt32(0), endianness: .little)
        event.writeInteger(UInt8(4))
        event.writeInteger(UInt32(1), endianness: .little)
        event.writeInteger(UInt32(19 + 8 + name.count + 4), endianness: .little)
        event.writeInteger(UInt32(0), endianness: .little)
        event.writeInteger(UInt16(0x20), endianness: .little)
        event.writeInteger(UInt64(4), endianness: .little)
        event.writeBytes(name)
        event.writeInteger(CRC32.checksum(event), endianness: .little)
        var decoder = BinlogDecoder()
        guard case .rotate(let header, let rotate) = try decoder.decode(event) else {
            Issue.record("not a rotate")
            return
        }
        #expect(header.isArtificial)
        #expect(rotate == RotateEvent(position: 4, nextFile: "mysql-bin.000007"))
    }
}
