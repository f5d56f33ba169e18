import Logging
import MySQLBinlog
import MySQLClient
import SyncEngine

/// The MySQL/MariaDB change source (issue 5): reads the binlog over the replication protocol and hands on whole
/// committed transactions of the planned tables, converted to the interchange form of `Row`, with restart points
/// encoded by `MySQLStreamPosition`. The source must log `binlog_format=ROW` with `binlog_row_image=FULL`;
/// `binlog_row_metadata=FULL` lets rows map by column name, otherwise the plan's column order is used.
public final class MySQLChangeSource: ChangeSource {
    let configuration: MySQLConfiguration
    let pool: MySQLConnectionPool
    let logger: Logger
    /// The binlog heartbeat period asked of the server: an idle stream hands on a heartbeat this often, and the
    /// connection is declared dead after three periods without data.
    public let heartbeatPeriod: Duration
    /// At most one transaction without planned changes is handed on per this interval (plus the last one before
    /// each heartbeat).
    public let emptyTransactionInterval: Duration

    /// Creates a source; `heartbeatPeriod` can be set short in tests.
    public init(
        configuration: MySQLConfiguration, heartbeatPeriod: Duration = .seconds(2),
        emptyTransactionInterval: Duration = .seconds(1), logger: Logger = Logger(label: "tide.mysql-change-source")
    ) {
        self.configuration = configuration
        self.pool = MySQLConnectionPool(
            configuration: configuration, maxConnections: 1, sessionStatements: MySQLSnapshotSource.sessionStatements)
        self.heartbeatPeriod = heartbeatPeriod
        self.emptyTransactionInterval = emptyTransactionInterval
        self.logger = logger
    }

    /// Orders two restart points by binlog file sequence, then offset (`BinlogPosition`); nil when either is not a
    /// position of this source.
    public func position(_ a: String, precedes b: String) -> Bool? {
        guard let left = try? MySQLStreamPosition(decoding: a), let right = try? MySQLStreamPosition(decoding: b)
        else { return nil }
        return left.binlogPosition < right.binlogPosition
    }

    /// Releases connections. Idempotent.
    public func close() async {
        await pool.shutdown()
    }

    /// The end of the binlog now, with the GTID state at that point (MariaDB `@@gtid_binlog_pos`, read until it is
    /// stable around the position; MySQL `Executed_Gtid_Set` of the same status row).
    public func currentPosition() async throws -> String {
        try await pool.run(failing: .sourceFailed, "reading the source's binlog position") { connection in
            if await connection.isMariaDB {
                var attempts = 0
                while true {
                    let before = try await connection.currentGTIDPosition()
                    let position = try await connection.currentBinlogPosition()
                    let after = try await connection.currentGTIDPosition()
                    attempts += 1
                    if before == after || attempts >= 5 {
                        return MySQLStreamPosition(file: position.file, pos: position.position, mariadbGTID: after).encoded
                    }
                }
            }
            let (position, gtids) = try await Self.mysqlStatus(connection)
            return MySQLStreamPosition(file: position.file, pos: position.position, mysqlGTIDs: gtids).encoded
        }
    }

    /// MySQL's binlog status row: file, position and executed GTID set in one read.
    static func mysqlStatus(_ connection: MySQLConnection) async throws -> (BinlogPosition, String) {
        var rows: [MySQLRow]
        do {
            rows = try await connection.simpleQuery("SHOW BINARY LOG STATUS")
        } catch let error as MySQLClientError where error.code == .server {
            rows = try await connection.simpleQuery("SHOW MASTER STATUS")
        }
        guard let row = rows.first, let file = row[0], let position = UInt64(row[1] ?? "") else {
            throw SyncEngineError(.invalidConfiguration, "binary logging is off on the source; enable log_bin")
        }
        let gtids = row["Executed_Gtid_Set"] ?? ""
        return (BinlogPosition(file: file, position: position), gtids.filter { !$0.isWhitespace })
    }

    /// The position of the first transaction committed at or after `epochSeconds` (`StartTimeLocator`). Fails with
    /// `.notFound` naming the oldest retained binlog when the time is older than it: starting there instead would
    /// silently miss the changes in between.
    public func position(atEpochSeconds epochSeconds: UInt32) async throws -> String {
        do {
            let located = try await StartTimeLocator.locate(
                epoch: epochSeconds, configuration: configuration, serverID: Self.randomServerID())
            return MySQLStreamPosition(file: located.start.file, pos: located.start.position).encoded
        } catch let error as MySQLClientError where error.code == .positionNotRetained {
            throw SyncEngineError(
                .notFound,
                "the binlog of start time \(epochSeconds) is no longer retained (\(error.detail)); choose a later start"
                    + " time or re-snapshot the tables")
        } catch let error as MySQLClientError {
            throw SyncEngineError(.sourceFailed, "finding the binlog position of start time \(epochSeconds): \(error)")
        }
    }

    /// Bytes from the start of the oldest retained binlog to `position` (sizes of the retained files before its
    /// file, plus its offset); 0 when its file was purged; nil when the file is unknown to the server.
    public func retentionMargin(of position: String) async throws -> Int64? {
        let start = try MySQLStreamPosition(decoding: position)
        let files = try await pool.run(failing: .sourceFailed, "reading the source's binlog list") {
            try await $0.binaryLogs()
        }
        guard let index = files.firstIndex(where: { $0.name == start.file }) else {
            if let oldest = files.first, start.binlogPosition < BinlogPosition(file: oldest.name, position: 4) {
                return 0
            }
            return nil
        }
        let before = files[..<index].reduce(UInt64(0)) { $0 + $1.size }
        return Int64(clamping: before + start.pos)
    }

    /// A replica server id unlikely to clash with real replicas or other streams (1e6...4e9).
    static func randomServerID() -> UInt32 { UInt32.random(in: 1_000_000...4_000_000_000) }
}
