import Foundation
import MySQLBinlog
import MySQLClient
import NIOSSL
import Testing

/// Real Oracle MySQL 9.7 (sid chroot, `scripts/servers.sh mysql97-start`), from `TIDE_TEST_MYSQL97`.
enum MySQL97TestServer {
    static let url = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL97"]
    static let isConfigured = url != nil
    static let disabledReason: Comment =
        "TIDE_TEST_MYSQL97 is not set: MySQL 9.7 (sid chroot) could not be started here, so the caching_sha2_password, binary JSON and TRANSACTION_PAYLOAD tests are skipped"
    static func configuration() throws -> MySQLConfiguration { try MySQLConfiguration(url: url ?? "") }
}

@Suite(.serialized, .enabled(if: MySQL97TestServer.isConfigured, MySQL97TestServer.disabledReason))
struct MySQL97IntegrationTests {
    private func admin() async throws -> MySQLConnection {
        try await MySQLConnection.connect(try MySQL97TestServer.configuration())
    }

    private func userConfig(password: String, tls: Bool = false) throws -> MySQLConfiguration {
        var config = try MySQL97TestServer.configuration()
        config.username = "tide_sha"
        config.password = password
        if tls {
            var tlsConfig = TLSConfiguration.makeClientConfiguration()
            tlsConfig.certificateVerification = .none
            config.tls = .require(tlsConfig)
        }
        return config
    }

    private func resetUser() async throws {
        let connection = try await admin()
        try await connection.execute("DROP USER IF EXISTS 'tide_sha'@'%'")
        try await connection.execute("CREATE USER 'tide_sha'@'%' IDENTIFIED WITH caching_sha2_password BY 'Sha2-pass!'")
        try await connection.execute("GRANT SELECT ON *.* TO 'tide_sha'@'%'")
        await connection.close()
    }

    @Test func cachingSHA2FullAuthWithRSAThenFastPath() async throws {
        try await resetUser()
        // First login: the server has no cached hash, so full authentication over plain TCP (RSA key exchange).
        let first = try await MySQLConnection.connect(try userConfig(password: "Sha2-pass!"))
        #expect(try await first.simpleQuery("SELECT CURRENT_USER()").first?[0] == "tide_sha@%")
        #expect(await !first.isMariaDB)
        await first.close()
        // Second login: fast path (scramble only).
        let second = try await MySQLConnection.connect(try userConfig(password: "Sha2-pass!"))
        try await second.ping()
        await second.close()
        do {
            _ = try await MySQLConnection.connect(try userConfig(password: "not-it"))
            Issue.record("wrong password accepted")
        } catch let error as MySQLClientError {
            #expect(error.serverError?.code == 1045)
            #expect(!error.description.contains("not-it"))
        }
    }

    @Test func cachingSHA2FullAuthOverTLS() async throws {
        try await resetUser()
        let connection = try await MySQLConnection.connect(try userConfig(password: "Sha2-pass!", tls: true))
        let cipher = try await connection.simpleQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'").first?[1] ?? ""
        #expect(!cipher.isEmpty)
        await connection.close()
    }

    @Test func binaryJSONAndGTIDStartThroughTheBinlog() async throws {
        let config = try MySQL97TestServer.configuration()
        let connection = try await admin()
        try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_json")
        try await connection.execute("CREATE TABLE IF NOT EXISTS tide_json.t (id INT PRIMARY KEY, j JSON, d DECIMAL(20,6))")
        try await connection.execute("DELETE FROM tide_json.t")
        let start = try await connection.currentBinlogPosition()
        try await connection.execute(
            "INSERT INTO tide_json.t VALUES (1, '{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": -9223372036854775808}}', -12345678901234.000001)")
        try await connection.execute("INSERT INTO tide_json.t VALUES (2, '[]', 0)")
        let gtidBefore = try await connection.currentGTIDPosition()
        try await connection.execute("INSERT INTO tide_json.t VALUES (3, 'null', 1)")
        await connection.close()

        var changes: [BinlogRowChange] = []
        let stream = BinlogStream(configuration: config, options: BinlogStreamOptions(start: .position(start), stopAtEnd: true))
        var decoder = BinlogDecoder()
        while let event = try await stream.next() {
            let decoded = try decoder.decode(event.raw)
            var inner: [BinlogEvent] = [decoded]
            if case .transactionPayload(_, let payload) = decoded { inner = payload.events }
            for e in inner {
                if case .rows(let header, let rows) = e, rows.table?.database == "tide_json" {
                    changes += BinlogRowChange.changes(from: rows, header: header, position: event.nextPosition, gtid: nil)
                }
            }
        }
        await stream.close()
        try #require(changes.count == 3)
        let first = Dictionary(uniqueKeysWithValues: (changes[0].after ?? []).map { ($0.0, BinlogRowChange.json($0.1).rendered) })
        let parsed = try JSONSerialization.jsonObject(with: Data((first["j"] ?? "").utf8)) as? [String: Any]
        #expect((parsed?["a"] as? [Any])?.count == 5)
        #expect(first["d"] == "\"-12345678901234.000001\"")

        // GTID start (COM_BINLOG_DUMP_GTID): only the transaction after the executed set arrives.
        let set = try #require(GTIDSet(gtidBefore.replacingOccurrences(of: "\n", with: "")))
        let gtidStream = BinlogStream(configuration: config, options: BinlogStreamOptions(start: .mysqlGTID(set), stopAtEnd: true))
        var gtidDecoder = BinlogDecoder()
        var ids: [String] = []
        while let event = try await gtidStream.next() {
            var events = [try gtidDecoder.decode(event.raw)]
            if case .transactionPayload(_, let payload) = events[0] { events = payload.events }
            for e in events {
                if case .rows(let header, let rows) = e, rows.table?.database == "tide_json" {
                    for change in BinlogRowChange.changes(from: rows, header: header, position: event.nextPosition, gtid: nil) {
                        ids += BinlogTestSupport.rendered(change.after).filter { $0.hasPrefix("id=") }
                    }
                }
            }
        }
        await gtidStream.close()
        #expect(ids == ["id=3"])
    }

    @Test func transactionPayloadEventsAreStreamedAndVerified() async throws {
        let config = try MySQL97TestServer.configuration()
        let connection = try await admin()
        try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_json")
        try await connection.execute("CREATE TABLE IF NOT EXISTS tide_json.p (id INT PRIMARY KEY, s TEXT)")
        try await connection.execute("DELETE FROM tide_json.p")
        let start = try await connection.currentBinlogPosition()
        try await connection.execute("SET SESSION binlog_transaction_compression = ON")
        try await connection.execute("INSERT INTO tide_json.p VALUES (1, REPEAT('compress me ', 200))")
        await connection.close()

        // The stream itself (framing, CRC32 of the compressed event) works:
        var raw: [BinlogStreamStateMachine.Event] = []
        var sawPayload = false
        let stream = BinlogStream(configuration: config, options: BinlogStreamOptions(start: .position(start), stopAtEnd: true))
        while let event = try await stream.next() {
            if event.header.type == .transactionPayload { sawPayload = true }
            raw.append(event)
        }
        await stream.close()
        #expect(sawPayload)
        // The zstd payload decompresses and its inner TABLE_MAP + WRITE_ROWS decode through the same decoder.
        var decoder = BinlogDecoder()
        var ids: [String] = []
        var bodies: [String] = []
        var compression: [UInt64] = []
        for event in raw {
            if case .transactionPayload(_, let payload) = try decoder.decode(event.raw) {
                compression.append(payload.compressionType)
                #expect(payload.events.count >= 2)
                for case .rows(let header, let rows) in payload.events where rows.table?.table == "p" {
                    for change in BinlogRowChange.changes(from: rows, header: header, position: start, gtid: nil) {
                        let fields = BinlogTestSupport.rendered(change.after)
                        ids += fields.filter { $0.hasPrefix("id=") }
                        bodies += fields.filter { $0.hasPrefix("s=") }
                    }
                }
            }
        }
        #expect(compression == [0])
        #expect(ids == ["id=1"])
        #expect(bodies.count == 1)
        #expect(bodies.first?.contains(String(repeating: "compress me ", count: 200)) == true)
    }
}
