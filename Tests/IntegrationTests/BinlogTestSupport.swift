import MySQLBinlog
import MySQLClient

/// Helpers shared by the binlog integration tests.
enum BinlogTestSupport {
    /// Streams from `start` until `count` row changes for `db` have been seen (or the end with `stopAtEnd`).
    static func rowChanges(
        configuration: MySQLConfiguration, from start: BinlogPosition, database: String, count: Int,
        stopAtEnd: Bool = true
    ) async throws -> [BinlogRowChange] {
        let stream = BinlogStream(
            configuration: configuration,
            options: BinlogStreamOptions(start: .position(start), heartbeatPeriod: .seconds(1), stopAtEnd: stopAtEnd))
        var decoder = BinlogDecoder()
        var changes: [BinlogRowChange] = []
        do {
            while changes.count < count, let event = try await stream.next() {
                if case .rows(let header, let rows) = try decoder.decode(event.raw), rows.table?.database == database {
                    changes += BinlogRowChange.changes(from: rows, header: header, position: event.nextPosition, gtid: nil)
                }
            }
        } catch {
            await stream.close()
            throw error
        }
        await stream.close()
        return changes
    }

    /// Renders an image as `name=json` strings for readable comparisons.
    static func rendered(_ image: [(String, MySQLValue)]?) -> [String] {
        (image ?? []).map { "\($0.0)=\(BinlogRowChange.json($0.1).rendered)" }
    }
}
