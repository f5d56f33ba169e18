import Foundation
import MySQLBinlog

/// One row of `SHOW BINARY LOGS`.
public struct BinaryLogFile: Sendable, Hashable {
    /// File name, e.g. `mysql-bin.000003`.
    public var name: String
    /// Size in bytes.
    public var size: UInt64
}

extension MySQLConnection {
    /// The retained binlog files, oldest first (`SHOW BINARY LOGS`).
    public func binaryLogs() async throws -> [BinaryLogFile] {
        try await simpleQuery("SHOW BINARY LOGS").map {
            BinaryLogFile(name: $0[0] ?? "", size: UInt64($0[1] ?? "") ?? 0)
        }
    }

    /// The current write position: `SHOW MASTER STATUS` on MariaDB, `SHOW BINARY LOG STATUS` on MySQL 8.4+
    /// (falling back to `SHOW MASTER STATUS` on older MySQL).
    public func currentBinlogPosition() async throws -> BinlogPosition {
        var rows: [MySQLRow]
        if isMariaDB {
            rows = try await simpleQuery("SHOW MASTER STATUS")
        } else {
            do {
                rows = try await simpleQuery("SHOW BINARY LOG STATUS")
            } catch let error as MySQLClientError where error.code == .server {
                rows = try await simpleQuery("SHOW MASTER STATUS")
            }
        }
        guard let row = rows.first, let file = row[0], let position = UInt64(row[1] ?? "") else {
            throw MySQLClientError(.invalidState, "binary logging is off on the server")
        }
        return BinlogPosition(file: file, position: position)
    }

    /// MariaDB `@@gtid_binlog_pos` (e.g. `0-1-42`), or MySQL `@@gtid_executed`.
    public func currentGTIDPosition() async throws -> String {
        let variable = isMariaDB ? "@@global.gtid_binlog_pos" : "@@global.gtid_executed"
        return try await simpleQuery("SELECT \(variable)").first?[0] ?? ""
    }

    /// Column names of `db.table` in ordinal order, from information_schema (for TABLE_MAP events without
    /// column-name metadata).
    public func columnNames(database: String, table: String) async throws -> [String] {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'" }
        return try await simpleQuery(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = \(quote(database)) "
                + "AND TABLE_NAME = \(quote(table)) ORDER BY ORDINAL_POSITION"
        ).compactMap { $0[0] }
    }
}
