import Foundation
import MySQLBinlog
import MySQLClient
import MySQLSource
import SyncEngine
import Testing

/// `MySQLChangeSource.position(forStartPosition:)` with a MySQL GTID set (COM_BINLOG_DUMP_GTID) on real MySQL 9.7
/// (issue 5 item 4); the MariaDB flavour is `MySQLStartPositionTests`. Runs in test.sh's MySQL 9.7 stage.
/// Real Oracle MySQL 9.7 (sid chroot, `scripts/servers.sh mysql97-start`), from `TIDE_TEST_MYSQL97`.
enum MySQL97Server {
    static let url = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL97"]
    static let disabledReason: Comment =
        "TIDE_TEST_MYSQL97 is not set: MySQL 9.7 (sid chroot) could not be started here, so MySQL GTID start positions are not tested against a real MySQL"

    static func configuration() throws -> MySQLConfiguration { try MySQLConfiguration(url: url ?? "") }
}

@Suite(.serialized, .enabled(if: MySQL97Server.url != nil, MySQL97Server.disabledReason))
struct MySQL97StartPositionTests {
    /// Whether `set` holds `gtid` (`uuid:N`).
    static func contains(_ set: GTIDSet, _ gtid: Substring) -> Bool {
        let parts = gtid.split(separator: ":")
        guard parts.count >= 2, let uuid = UUIDBytes(parts[0]), let number = Int64(parts[parts.count - 1]) else {
            return false
        }
        return set.intervals[uuid]?.contains { $0.start <= number && number <= $0.end } ?? false
    }

    /// The GTID a MySQL `Gtid` event's Info names (`SET @@SESSION.GTID_NEXT= 'uuid:N'`).
    static func gtid(ofInfo info: String) -> Substring? {
        guard let open = info.firstIndex(of: "'"), let close = info.lastIndex(of: "'"), open < close else { return nil }
        return info[info.index(after: open)..<close]
    }

    @Test func aGTIDSetMapsToTheFirstTransactionAfterItAndStreamsFromThere() async throws {
        let config = try MySQL97Server.configuration()
        let admin = try await MySQLConnection.connect(config)
        let database = "tide_sp_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try await admin.execute("CREATE DATABASE `\(database)`")
        do {
            try await admin.execute("CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v VARCHAR(20))")
            try await admin.execute("INSERT INTO `\(database)`.t VALUES (1, 'before')")
            let before = try await admin.currentBinlogPosition()
            let executedText = try await admin.currentGTIDPosition().replacingOccurrences(of: "\n", with: "")
            let executed = try #require(GTIDSet(executedText), "gtid_executed '\(executedText)'")
            try #require(!executed.isEmpty, "gtid_mode is off on the MySQL 9.7 test server")
            try await admin.execute("BEGIN")
            try await admin.execute("INSERT INTO `\(database)`.t VALUES (2, 'after')")
            try await admin.execute("INSERT INTO `\(database)`.t VALUES (3, 'after')")
            try await admin.execute("COMMIT")

            // The first transaction not in the set, found independently in SHOW BINLOG EVENTS.
            let events = try await admin.simpleQuery(
                "SHOW BINLOG EVENTS IN '\(before.file)' FROM \(before.position) LIMIT 500"
            ).map { (UInt64($0["Pos"] ?? "") ?? 0, $0["Event_type"] ?? "", $0["Info"] ?? "") }
            let first = try #require(
                events.first { event in
                    event.1.hasPrefix("Gtid") && Self.gtid(ofInfo: event.2).map { !Self.contains(executed, $0) } == true
                }, "\(events)")

            let translated = try await withDeadline(.seconds(60), "translating a MySQL GTID set") {
                try await withChangeSource(configuration: config) { try await $0.position(forStartPosition: executedText) }
            }
            #expect(
                translated
                    == MySQLStreamPosition(file: before.file, pos: first.0, mysqlGTIDs: executed.description).encoded)

            // Streaming from there yields the transaction after the set, not the one before it.
            let tablePlans = try await plans(database, ["t"], configuration: config)
            let streamed = try await withChangeSource(configuration: config) { source in
                try await collectEvents(source, from: translated, plans: tablePlans) { $0.rowChanges.count >= 2 }
            }
            #expect(streamed.changeTransactions.first?.changes.count == 2)
            #expect(streamed.rowChanges.allSatisfy { $0.kind == .insert })

            // A set with transactions of this server it never wrote: the server refuses it.
            let uuid = try #require(try await admin.simpleQuery("SELECT @@server_uuid").first?[0])
            let ahead = "\(uuid):1-\(Int64.max / 2)"
            await #expect {
                try await withDeadline(.seconds(60), "translating a GTID set ahead of the server") {
                    try await withChangeSource(configuration: config) { try await $0.position(forStartPosition: ahead) }
                }
            } throws: { error in
                guard let error = error as? SyncEngineError else { return false }
                return error.code == .notFound && error.message.contains("GTID set \(ahead)")
                    && error.message.contains("more GTIDs than the source")
            }

            // Another server's transactions (a set carried over from an old primary) count as applied: the start
            // is the first of this server's own transactions not in the set, so at or before the one above.
            let foreign = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"
            let fromForeign = try MySQLStreamPosition(
                decoding: try await withDeadline(.seconds(60), "translating a foreign GTID set") {
                    try await withChangeSource(configuration: config) {
                        try await $0.position(forStartPosition: foreign)
                    }
                })
            #expect(!(BinlogPosition(file: before.file, position: first.0) < fromForeign.binlogPosition))

            // The whole binlog: capture starts at the end (at or after the end seen before).
            let endBefore = try await admin.currentBinlogPosition()
            let state = try await admin.currentGTIDPosition().replacingOccurrences(of: "\n", with: "")
            let atEnd = try MySQLStreamPosition(
                decoding: try await withDeadline(.seconds(60), "translating the whole executed set") {
                    try await withChangeSource(configuration: config) { try await $0.position(forStartPosition: state) }
                })
            #expect(!(atEnd.binlogPosition < BinlogPosition(file: endBefore.file, position: endBefore.position)))
            #expect(atEnd.mysqlGTIDs != nil)
        } catch {
            _ = try? await admin.execute("DROP DATABASE IF EXISTS `\(database)`")
            await admin.close()
            throw error
        }
        try await admin.execute("DROP DATABASE IF EXISTS `\(database)`")
        await admin.close()
    }
}
