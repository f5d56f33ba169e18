import Foundation
import MySQLClient
import MySQLSource
import SyncEngine
import Testing

/// `MySQLChangeSource.position(forStartPosition:)` on the real MariaDB (issue 5 item 4): a `FILE:POS` start must be
/// retained and a transaction boundary; a GTID set maps to the first transaction after it.
@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLStartPositionTests {
    /// The binlog events of `file` from `position` on: (position, type, info).
    static func events(_ admin: MySQLConnection, _ file: String, from position: UInt64) async throws
        -> [(UInt64, String, String)]
    {
        try await admin.simpleQuery("SHOW BINLOG EVENTS IN '\(file)' FROM \(position) LIMIT 200").map {
            (UInt64($0["Pos"] ?? "") ?? 0, $0["Event_type"] ?? "", $0["Info"] ?? "")
        }
    }

    /// Whether the event is the GTID event of `gtid` (Info `BEGIN GTID 0-1-5 ...`).
    static func isGTIDEvent(_ event: (UInt64, String, String), _ gtid: String) -> Bool {
        event.1 == "Gtid" && event.2.split(separator: " ").contains { $0 == gtid }
    }

    /// Commits one two-row transaction into a new table and returns (database, the position before it, its GTID).
    static func oneTransaction(_ admin: MySQLConnection, _ database: String) async throws
        -> (before: MySQLStreamPosition, gtid: String)
    {
        try await admin.execute("CREATE TABLE `\(database)`.t (id INT PRIMARY KEY, v VARCHAR(20))")
        let before = try MySQLStreamPosition(
            decoding: try await withChangeSource { try await $0.currentPosition() })
        try await admin.execute("BEGIN")
        try await admin.execute("INSERT INTO `\(database)`.t VALUES (1, 'one')")
        try await admin.execute("INSERT INTO `\(database)`.t VALUES (2, 'two')")
        try await admin.execute("COMMIT")
        let gtid = try await admin.simpleQuery("SELECT @@last_gtid").first?[0] ?? ""
        return (before, gtid)
    }

    @Test func aTransactionBoundaryIsAcceptedAndStreamsFromThere() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let (before, gtid) = try await Self.oneTransaction(admin, names[0])
            let events = try await Self.events(admin, before.file, from: before.pos)
            let start = try #require(events.first { Self.isGTIDEvent($0, gtid) }, "\(events)")
            let translated = try await withChangeSource { source in
                try await source.position(forStartPosition: "\(before.file):\(start.0)")
            }
            #expect(translated == MySQLStreamPosition(file: before.file, pos: start.0).encoded)
            let tablePlans = try await plans(names[0], ["t"])
            let streamed = try await withChangeSource { source in
                try await collectEvents(source, from: translated, plans: tablePlans) { $0.rowChanges.count >= 2 }
            }
            #expect(streamed.changeTransactions.first?.changes.count == 2)
        }
    }

    @Test func anOffsetInsideATransactionIsRefused() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let (before, gtid) = try await Self.oneTransaction(admin, names[0])
            let events = try await Self.events(admin, before.file, from: before.pos)
            let gtidIndex = try #require(events.firstIndex { Self.isGTIDEvent($0, gtid) }, "\(events)")
            let tableMap = try #require(events[gtidIndex...].first { $0.1 == "Table_map" }, "\(events)")
            for offset in [tableMap.0, events[gtidIndex].0 + 1] {
                await #expect {
                    try await withDeadline(.seconds(60), "translating a bad start position") {
                        try await withChangeSource { source in
                            try await source.position(forStartPosition: "\(before.file):\(offset)")
                        }
                    }
                } throws: { error in
                    guard let error = error as? SyncEngineError else { return false }
                    return error.code == .invalidConfiguration
                        && error.message.contains("\(before.file):\(offset) is not a transaction boundary")
                }
            }
            // Past the end of the file: far past it, since tests running alongside keep appending to it (a binlog
            // file never grows 4 GiB past its max_binlog_size, at most 1 GiB).
            let size = try await admin.binaryLogs().first { $0.name == before.file }?.size ?? 0
            await #expect {
                try await withChangeSource { try await $0.position(forStartPosition: "\(before.file):\(size + (1 << 32))") }
            } throws: { error in
                (error as? SyncEngineError)?.code == .invalidConfiguration
                    && "\(error)".contains("past the end of \(before.file)")
            }
        }
    }

    @Test func aFileNoLongerRetainedNamesTheOldest() async throws {
        let admin = try await MySQLTestServer.admin()
        let files = try await admin.binaryLogs()
        await admin.close()
        let oldest = try #require(files.first).name
        // The file before the oldest retained one (a purged binlog; the shared server is not purged here).
        let base = oldest.split(separator: ".").dropLast().joined(separator: ".")
        let sequence = Int(oldest.split(separator: ".").last ?? "") ?? 1
        let purged = base + "." + String(format: "%06d", max(sequence - 1, 0))
        await #expect {
            try await withChangeSource { try await $0.position(forStartPosition: "\(purged):4") }
        } throws: { error in
            guard let error = error as? SyncEngineError else { return false }
            return error.code == .notFound && error.message.contains("binlog \(purged)")
                && error.message.contains("the oldest retained is \(oldest)")
        }
    }

    @Test func aGTIDSetMapsToTheFirstTransactionAfterIt() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let (before, gtid) = try await Self.oneTransaction(admin, names[0])
            let parts = gtid.split(separator: "-").compactMap { UInt64($0) }
            try #require(parts.count == 3 && parts[2] > 1, "\(gtid)")
            let previous = "\(parts[0])-\(parts[1])-\(parts[2] - 1)"
            let events = try await Self.events(admin, before.file, from: before.pos)
            let start = try #require(events.first { Self.isGTIDEvent($0, gtid) }, "\(events)")
            let translated = try await withDeadline(.seconds(60), "translating a GTID set") {
                try await withChangeSource { try await $0.position(forStartPosition: previous) }
            }
            #expect(translated == MySQLStreamPosition(file: before.file, pos: start.0, mariadbGTID: previous).encoded)

            // A position past what the server logged: the server refuses it. (A domain it never logged is not
            // refused while it still has its first binlog: the dump then starts there, as for a new replica.)
            let ahead = "\(parts[0])-\(parts[1])-\(parts[2] + 1_000_000)"
            await #expect {
                try await withDeadline(.seconds(60), "translating a GTID position ahead of the server") {
                    try await withChangeSource { try await $0.position(forStartPosition: ahead) }
                }
            } throws: { error in
                guard let error = error as? SyncEngineError else { return false }
                return error.code == .notFound && error.message.contains("GTID set \(ahead)")
                    && error.message.contains("not in the master's binlog")
            }

            // The whole binlog: capture starts at the end (at or after the end seen before).
            let endBefore = try MySQLStreamPosition(
                decoding: try await withChangeSource { try await $0.currentPosition() })
            let state = try await admin.simpleQuery("SELECT @@gtid_binlog_pos").first?[0] ?? ""
            let atEnd = try MySQLStreamPosition(
                decoding: try await withDeadline(.seconds(60), "translating the current GTID state") {
                    try await withChangeSource { try await $0.position(forStartPosition: state) }
                })
            #expect(!(atEnd.binlogPosition < endBefore.binlogPosition), "\(atEnd) is before \(endBefore)")
            #expect(atEnd.mariadbGTID != nil)
        }
    }
}
