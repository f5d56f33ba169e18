import MySQLBinlog
import NIOCore
import Testing

@testable import MySQLClient
@testable import MySQLWire

struct BinlogStreamStateMachineTests {
    /// Builds an event: 19-byte header, body, CRC32 trailer.
    static func event(type: UInt8, nextPosition: UInt32, body: [UInt8], timestamp: UInt32 = 1_700_000_000, corrupt: Bool = false) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeMySQLInteger(timestamp)
        buffer.writeInteger(type)
        buffer.writeMySQLInteger(UInt32(1))
        buffer.writeMySQLInteger(UInt32(19 + body.count + 4))
        buffer.writeMySQLInteger(nextPosition)
        buffer.writeMySQLInteger(UInt16(0))
        buffer.writeBytes(body)
        let crc = CRC32.checksum(buffer)
        buffer.writeMySQLInteger(corrupt ? crc ^ 1 : crc)
        return buffer
    }

    static func rotate(to file: String, position: UInt64) -> ByteBuffer {
        var body = ByteBuffer()
        body.writeMySQLInteger(position)
        body.writeString(file)
        return event(type: 4, nextPosition: 0, body: Array(body.readableBytesView), timestamp: 0)
    }

    @Test func mariaDBSetupNegotiatesChecksumHeartbeatAndCapability() {
        let options = BinlogStreamOptions(start: .mariaDBGTID("0-1-5"), heartbeatPeriod: .seconds(2))
        let m = BinlogStreamStateMachine(options: options, isMariaDB: true, checksum: .crc32)
        #expect(m.setupStatements() == [
            "SET @master_binlog_checksum = 'CRC32'",
            "SET @source_binlog_checksum = 'CRC32'",
            "SET @master_heartbeat_period = 2000000000",
            "SET @mariadb_slave_capability = 4",
            "SET @slave_connect_state = '0-1-5'",
            "SET @slave_gtid_strict_mode = 1",
            "SET @slave_gtid_ignore_duplicates = 0",
        ])
        var dump = m.dumpCommand()
        #expect(dump.readInteger(as: UInt8.self) == 0x12)
        #expect(dump.readMySQLInteger(as: UInt32.self) == 4)
    }

    @Test func gtidStateIsSanitised() {
        let options = BinlogStreamOptions(start: .mariaDBGTID("0-1-5'; DROP TABLE x; --"))
        let m = BinlogStreamStateMachine(options: options, isMariaDB: true, checksum: .crc32)
        #expect(m.setupStatements().contains("SET @slave_connect_state = '0-1-5--'"))
    }

    @Test func mysqlGTIDStartUsesComBinlogDumpGTID() throws {
        let set = try #require(GTIDSet("3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5"))
        let m = BinlogStreamStateMachine(options: BinlogStreamOptions(start: .mysqlGTID(set), stopAtEnd: true), isMariaDB: false, checksum: .crc32)
        var dump = m.dumpCommand()
        #expect(dump.readInteger(as: UInt8.self) == 0x1E)
        #expect(dump.readMySQLInteger(as: UInt16.self) == ComBinlogDumpGTID.throughGTID | ComBinlogDumpGTID.nonBlock)
        _ = dump.readMySQLInteger(as: UInt32.self)
        #expect(dump.readMySQLInteger(as: UInt32.self) == 0)
        #expect(dump.readMySQLInteger(as: UInt64.self) == 4)
        let sidDataLength = dump.readMySQLInteger(as: UInt32.self)
        #expect(sidDataLength == UInt32(8 + 16 + 8 + 16))
        #expect(dump.readMySQLInteger(as: UInt64.self) == 1)
        #expect(dump.readBytes(length: 16) == [0x3E, 0x11, 0xFA, 0x47, 0x71, 0xCA, 0x11, 0xE1, 0x9E, 0x33, 0xC8, 0x0A, 0xA9, 0x42, 0x95, 0x62])
        #expect(dump.readMySQLInteger(as: UInt64.self) == 1)
        #expect(dump.readMySQLInteger(as: UInt64.self) == 1)
        #expect(dump.readMySQLInteger(as: UInt64.self) == 6)
        #expect(!m.setupStatements().contains { $0.contains("mariadb") })
    }

    @Test func tracksPositionThroughRotateAndResumesFromIt() {
        var m = BinlogStreamStateMachine(
            options: BinlogStreamOptions(start: .position(BinlogPosition(file: "mysql-bin.000001", position: 4))),
            isMariaDB: true, checksum: .crc32)
        guard case .deliver = m.eventReceived(Self.rotate(to: "mysql-bin.000002", position: 4)) else {
            Issue.record("rotate not delivered")
            return
        }
        #expect(m.position == BinlogPosition(file: "mysql-bin.000002", position: 4))
        guard case .deliver(let e) = m.eventReceived(Self.event(type: 16, nextPosition: 300, body: [1, 2, 3, 4, 5, 6, 7, 8])) else {
            Issue.record("xid not delivered")
            return
        }
        #expect(e.nextPosition == BinlogPosition(file: "mysql-bin.000002", position: 300))
        // A replayed FORMAT_DESCRIPTION with a smaller position does not move the resume point back.
        _ = m.eventReceived(Self.event(type: 15, nextPosition: 120, body: Array(repeating: 0, count: 10)))
        #expect(m.position?.position == 300)
        var dump = m.dumpCommand()
        _ = dump.readInteger(as: UInt8.self)
        #expect(dump.readMySQLInteger(as: UInt32.self) == 300)
        _ = dump.readBytes(length: 6)
        #expect(dump.readString(length: dump.readableBytes) == "mysql-bin.000002")
    }

    @Test func corruptChecksumFails() {
        var m = BinlogStreamStateMachine(options: BinlogStreamOptions(start: .mariaDBGTID("")), isMariaDB: true, checksum: .crc32)
        guard case .fail(let error) = m.eventReceived(Self.event(type: 16, nextPosition: 300, body: [1], corrupt: true)) else {
            Issue.record("corrupt event accepted")
            return
        }
        #expect(error.code == .binlogDecode)
    }

    @Test func heartbeatsOnlyProveLiveness() {
        var m = BinlogStreamStateMachine(options: BinlogStreamOptions(start: .mariaDBGTID("")), isMariaDB: true, checksum: .crc32)
        guard case .alive = m.eventReceived(Self.event(type: 27, nextPosition: 500, body: Array("mysql-bin.000001".utf8))) else {
            Issue.record("heartbeat delivered")
            return
        }
    }

    @Test func truncatedEventsFailAtEveryLength() {
        let full = Self.event(type: 16, nextPosition: 300, body: [1, 2, 3, 4, 5, 6, 7, 8])
        for length in 0..<full.readableBytes {
            var m = BinlogStreamStateMachine(options: BinlogStreamOptions(start: .mariaDBGTID("")), isMariaDB: true, checksum: .crc32)
            guard case .fail = m.eventReceived(full.getSlice(at: 0, length: length) ?? ByteBuffer()) else {
                Issue.record("truncated event of \(length) bytes accepted")
                continue
            }
        }
    }
}
