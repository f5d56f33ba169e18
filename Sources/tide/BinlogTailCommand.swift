import ArgumentParser
import Foundation
import MySQLBinlog
import MySQLClient

/// `tide binlog ...`: debugging tools for a MySQL-protocol binlog source.
struct BinlogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binlog", abstract: "Inspect a MySQL/MariaDB binlog over the replication protocol.",
        subcommands: [BinlogTailCommand.self])
}

/// `tide binlog tail`: print one JSON object per row change, like `mysqlbinlog -v` for Tide.
struct BinlogTailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Stream row changes from a MySQL/MariaDB server as JSON lines.")

    @Option(help: "Source URL: mysql://user:pass@host:port")
    var source: String

    @Flag(help: "Start at the oldest retained binlog.")
    var fromStart = false

    @Option(help: "Start at FILE:POS.")
    var position: String?

    @Option(help: "Start after this GTID set (MariaDB 0-1-5 or MySQL uuid:1-5).")
    var gtid: String?

    @Option(help: "Start at the first transaction committed at or after this epoch second.")
    var startTime: UInt32?

    @Option(help: "Stop after N row changes.")
    var limit: Int?

    @Flag(help: "Stop at the end of the binlog instead of waiting for new events.")
    var stopAtEnd = false

    @Option(help: "Replica server id to register as.")
    var serverID: UInt32 = 4244

    func validate() throws {
        let starts = [fromStart, position != nil, gtid != nil, startTime != nil].filter { $0 }.count
        guard starts <= 1 else { throw ValidationError("give at most one of --from-start, --position, --gtid, --start-time") }
    }

    func run() async throws {
        let configuration = try MySQLConfiguration(url: source)
        let start = try await resolveStart(configuration)
        let stream = BinlogStream(
            configuration: configuration,
            options: BinlogStreamOptions(serverID: serverID, start: start, stopAtEnd: stopAtEnd))
        var decoder = BinlogDecoder()
        var printed = 0
        var gtid: String?
        var nameCache = ColumnNameCache()
        do {
            while let event = try await stream.next() {
                let decoded: BinlogEvent
                do {
                    decoded = try decoder.decode(event.raw)
                } catch {
                    throw MySQLClientError(.binlogDecode, "at \(event.nextPosition): \(error)")
                }
                switch decoded {
                case .mariaDBGTID(_, let g): gtid = g.gtid.description
                case .gtid(_, let g): gtid = "\(g.sourceID):\(g.transactionNumber)"
                case .rows(let header, let rows):
                    let names = try await liveColumnNames(for: rows.table, configuration: configuration, cache: &nameCache)
                    let changes = BinlogRowChange.changes(
                        from: rows, header: header, position: event.nextPosition, gtid: gtid, columnNames: names)
                    for change in changes {
                        print(change.json.rendered)
                        printed += 1
                        if let limit, printed >= limit {
                            await stream.close()
                            return
                        }
                    }
                default: break
                }
            }
        } catch {
            await stream.close()
            await nameCache.connection?.close()
            throw error
        }
        await stream.close()
        await nameCache.connection?.close()
    }

    /// Column names from information_schema for tables whose TABLE_MAP has no column-name metadata
    /// (`binlog_row_metadata=MINIMAL`). The live schema can differ from the one the event was written with;
    /// that is acceptable for a debugging tool.
    struct ColumnNameCache {
        var connection: MySQLConnection?
        var names: [String: [String]] = [:]
    }

    private func liveColumnNames(
        for table: TableMapEvent?, configuration: MySQLConfiguration, cache: inout ColumnNameCache
    ) async throws -> [String]? {
        guard let table, table.columns.contains(where: { $0.name == nil }) else { return nil }
        let key = table.database + "." + table.table
        if let names = cache.names[key] { return names }
        let connection: MySQLConnection
        if let existing = cache.connection {
            connection = existing
        } else {
            connection = try await MySQLConnection.connect(configuration)
            cache.connection = connection
        }
        let names = try await connection.columnNames(database: table.database, table: table.table)
        cache.names[key] = names
        return names
    }

    private func resolveStart(_ configuration: MySQLConfiguration) async throws -> BinlogStart {
        if let position {
            guard let colon = position.lastIndex(of: ":"), let pos = UInt64(position[position.index(after: colon)...]) else {
                throw ValidationError("--position must be FILE:POS")
            }
            return .position(BinlogPosition(file: String(position[..<colon]), position: pos))
        }
        if let gtid {
            if gtid.isEmpty || gtid.allSatisfy({ "0123456789-,".contains($0) }) { return .mariaDBGTID(gtid) }
            guard let set = GTIDSet(gtid) else { throw ValidationError("--gtid is not a GTID set") }
            return .mysqlGTID(set)
        }
        if let startTime {
            let located = try await StartTimeLocator.locate(epoch: startTime, configuration: configuration)
            FileHandle.standardError.write(
                Data("tide: starting at \(located.start) (oldest retained binlog: \(located.oldestRetained))\n".utf8))
            return .position(located.start)
        }
        let connection = try await MySQLConnection.connect(configuration)
        let result: BinlogPosition
        if fromStart {
            let files = try await connection.binaryLogs()
            guard let oldest = files.first else { throw MySQLClientError(.invalidState, "the server has no binlogs") }
            result = BinlogPosition(file: oldest.name, position: 4)
        } else {
            result = try await connection.currentBinlogPosition()
        }
        await connection.close()
        return .position(result)
    }
}
