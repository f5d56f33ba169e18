import NIOCore
import Testing

@testable import MySQLWire

struct MessageCodecTests {
    @Test func handshakeV10RoundTrips() throws {
        let scramble: [UInt8] = Array(1...20)
        let handshake = HandshakeV10(
            serverVersion: "10.11.19-MariaDB", connectionID: 42, authPluginData: scramble,
            capabilities: [.protocol41, .secureConnection, .pluginAuth, .ssl, .pluginAuthLenencClientData],
            characterSet: 45, statusFlags: 2, authPluginName: "mysql_native_password")
        let decoded = try HandshakeV10.decode(handshake.encode())
        #expect(decoded == handshake)
        #expect(decoded.isMariaDB)
    }

    @Test func handshakeOfOtherProtocolVersionIsRejected() {
        #expect(throws: MySQLWireError.self) { try HandshakeV10.decode(ByteBuffer(bytes: [9, 0x41, 0])) }
    }

    @Test func truncatedHandshakeThrowsAtEveryLength() {
        let full = HandshakeV10(
            serverVersion: "9.7.4", connectionID: 1, authPluginData: Array(1...20),
            capabilities: [.protocol41, .secureConnection, .pluginAuth], characterSet: 255, statusFlags: 0,
            authPluginName: "caching_sha2_password"
        ).encode()
        // 22 bytes end exactly after the lower capability flags, which the manual allows (pre-4.1 servers).
        for length in 0..<30 where length != 22 {
            #expect(throws: MySQLWireError.self) { try HandshakeV10.decode(full.getSlice(at: 0, length: length) ?? ByteBuffer()) }
        }
    }

    @Test func errPacketCarriesCodeStateAndMessage() throws {
        let err = try ERRPacket.decode(ERRPacket(errorCode: 1045, sqlState: "28000", message: "Access denied").encode())
        #expect(err.errorCode == 1045)
        #expect(err.sqlState == "28000")
        #expect(err.message == "Access denied")
    }

    @Test func okPacketDecodesLengthEncodedFields() throws {
        let ok = OKPacket(affectedRows: 70_000, lastInsertID: 1 << 40, statusFlags: 2, warnings: 1, info: "x")
        #expect(try OKPacket.decode(ok.encode()) == ok)
    }

    @Test func lengthEncodedIntegersRoundTripAtEveryBoundary() {
        for value: UInt64 in [0, 250, 251, 0xFFFF, 0x1_0000, 0xFF_FFFF, 0x100_0000, .max] {
            var buffer = ByteBuffer()
            buffer.writeLengthEncodedInteger(value)
            #expect(buffer.readLengthEncodedInteger() == value)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func columnDefinitionAndRowsRoundTrip() throws {
        let column = ColumnDefinition41(schema: "db", table: "t", orgTable: "t", name: "c", orgName: "c", columnType: 3, flags: 0x20)
        #expect(try ColumnDefinition41.decode(column.encode()) == column)
        let row = TextResultRow(values: [ByteBuffer(string: "1"), nil, ByteBuffer(string: String(repeating: "x", count: 300))])
        let decoded = try TextResultRow.decode(row.encode(), columnCount: 3)
        #expect(decoded == row)
        #expect(decoded.string(at: 0) == "1")
        #expect(decoded.string(at: 1) == nil)
        #expect(throws: MySQLWireError.self) { try TextResultRow.decode(row.encode(), columnCount: 2) }
        #expect(throws: MySQLWireError.self) { try TextResultRow.decode(row.encode(), columnCount: 4) }
    }

    /// Every proper prefix of a row payload is refused, so the values the row finds later always lie inside it;
    /// the values of the whole payload are found where they are, with every length-encoded width.
    @Test func textRowPayloadPrefixesAreRefusedAndValuesFound() throws {
        let values: [ByteBuffer?] = [
            ByteBuffer(string: "a"), nil, ByteBuffer(string: ""), ByteBuffer(string: String(repeating: "y", count: 251)),
            ByteBuffer(bytes: [UInt8](repeating: 7, count: 70_000)),
        ]
        let payload = TextResultRow(values: values).encode()
        let row = try TextResultRow.decode(payload, columnCount: values.count)
        #expect(row.values == values)
        var found: [Int] = []
        row.forEachValue { _, length in found.append(length) }
        #expect(found == [1, -1, 0, 251, 70_000])
        for length in 0..<payload.readableBytes where length % 97 == 0 || length < 300 {
            let prefix = payload.getSlice(at: payload.readerIndex, length: length) ?? ByteBuffer()
            #expect(throws: MySQLWireError.self) { try TextResultRow.decode(prefix, columnCount: values.count) }
        }
        var invalid = ByteBuffer(bytes: [0xFF])
        #expect(throws: MySQLWireError.self) { try TextResultRow.decode(invalid, columnCount: 1) }
        invalid = ByteBuffer(bytes: [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: MySQLWireError.self) { try TextResultRow.decode(invalid, columnCount: 1) }
    }

    @Test func handshakeResponseWritesLengthEncodedAuthAndPluginName() {
        let response = HandshakeResponse41(
            capabilities: [.protocol41, .pluginAuth, .pluginAuthLenencClientData, .secureConnection],
            username: "repl", authResponse: [1, 2, 3], database: "db", authPluginName: "mysql_native_password")
        var buffer = response.encode()
        let caps = CapabilityFlags(rawValue: buffer.readMySQLInteger(as: UInt32.self) ?? 0)
        #expect(caps.contains(.connectWithDB))
        buffer.moveReaderIndex(forwardBy: 4 + 1 + 23)
        #expect(buffer.readNullTerminatedString() == "repl")
        #expect(buffer.readLengthEncodedInteger() == 3)
        #expect(buffer.readBytes(length: 3) == [1, 2, 3])
        #expect(buffer.readNullTerminatedString() == "db")
        #expect(buffer.readNullTerminatedString() == "mysql_native_password")
        #expect(buffer.readableBytes == 0)
        #expect(response.encodeSSLRequest().readableBytes == 32)
    }

    @Test func binlogCommandsHaveTheManualsLayout() {
        var dump = ComBinlogDump(position: 4, flags: 0, serverID: 77, filename: "mysql-bin.000001").encode()
        #expect(dump.readInteger(as: UInt8.self) == 0x12)
        #expect(dump.readMySQLInteger(as: UInt32.self) == 4)
        #expect(dump.readMySQLInteger(as: UInt16.self) == 0)
        #expect(dump.readMySQLInteger(as: UInt32.self) == 77)
        #expect(dump.readString(length: dump.readableBytes) == "mysql-bin.000001")
        var gtid = ComBinlogDumpGTID(serverID: 9, sidData: [1, 2]).encode()
        #expect(gtid.readableBytes == 1 + 2 + 4 + 4 + 0 + 8 + 4 + 2)
        #expect(gtid.readInteger(as: UInt8.self) == 0x1E)
        var register = ComRegisterSlave(serverID: 5).encode()
        #expect(register.readableBytes == 18)
        #expect(register.readInteger(as: UInt8.self) == 0x15)
    }
}
