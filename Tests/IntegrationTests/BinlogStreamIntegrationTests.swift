import Foundation
import MySQLBinlog
import MySQLClient
import Testing

extension MariaDBSuites {
    @Suite struct BinlogStreamIntegrationTests {
        @Test func mariaDBGTIDStartSkipsExecutedTransactions() async throws {
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_gtid")
            try await connection.execute("CREATE TABLE IF NOT EXISTS tide_gtid.t (id INT PRIMARY KEY)")
            try await connection.execute("DELETE FROM tide_gtid.t")
            try await connection.execute("INSERT INTO tide_gtid.t VALUES (1)")
            let gtid = try await connection.currentGTIDPosition()
            try await connection.execute("INSERT INTO tide_gtid.t VALUES (2)")
            await connection.close()

            let stream = BinlogStream(
                configuration: config, options: BinlogStreamOptions(start: .mariaDBGTID(gtid), stopAtEnd: true))
            var decoder = BinlogDecoder()
            var ids: [String] = []
            var firstGTID: String?
            while let event = try await stream.next() {
                switch try decoder.decode(event.raw) {
                case .mariaDBGTID(_, let g) where firstGTID == nil: firstGTID = g.gtid.description
                case .rows(let header, let rows) where rows.table?.database == "tide_gtid":
                    for change in BinlogRowChange.changes(from: rows, header: header, position: event.nextPosition, gtid: nil) {
                        ids += BinlogTestSupport.rendered(change.after)
                    }
                default: break
                }
            }
            await stream.close()
            #expect(ids == ["id=2"])
            #expect(firstGTID != gtid)
        }

        @Test func serverRestartMidStreamResumesWithoutLossOrDuplicates() async throws {
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_restart")
            try await connection.execute("CREATE TABLE IF NOT EXISTS tide_restart.t (id INT PRIMARY KEY)")
            try await connection.execute("DELETE FROM tide_restart.t")
            let start = try await connection.currentBinlogPosition()
            for id in 1...3 { try await connection.execute("INSERT INTO tide_restart.t VALUES (\(id))") }
            await connection.close()

            let stream = BinlogStream(
                configuration: config,
                options: BinlogStreamOptions(start: .position(start), heartbeatPeriod: .seconds(1), maxReconnectAttempts: 100))
            var decoder = BinlogDecoder()
            var ids: [String] = []
            func readUntil(_ count: Int) async throws {
                while ids.count < count, let event = try await stream.next() {
                    if case .rows(let header, let rows) = try decoder.decode(event.raw), rows.table?.database == "tide_restart" {
                        for change in BinlogRowChange.changes(from: rows, header: header, position: event.nextPosition, gtid: nil) {
                            ids += BinlogTestSupport.rendered(change.after)
                        }
                    }
                }
            }
            try await readUntil(3)
            try MariaDBTestServer.restart()
            let after = try await MySQLConnection.connect(config)
            for id in 4...6 { try await after.execute("INSERT INTO tide_restart.t VALUES (\(id))") }
            await after.close()
            try await readUntil(6)
            let reconnects = await stream.reconnects
            await stream.close()
            #expect(ids == (1...6).map { "id=\($0)" })
            #expect(reconnects >= 1)
        }

        @Test func startTimeFindsTheFirstTransactionAtOrAfterIt() async throws {
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_time")
            try await connection.execute("CREATE TABLE IF NOT EXISTS tide_time.t (id INT PRIMARY KEY)")
            try await connection.execute("DELETE FROM tide_time.t")
            try await connection.execute("INSERT INTO tide_time.t VALUES (1)")
            // Commit timestamps have one-second resolution: wait for the next second before the marker row.
            let now = try #require(UInt32(try await connection.simpleQuery("SELECT UNIX_TIMESTAMP()").first?[0] ?? ""))
            try await Task.sleep(for: .milliseconds(1100))
            try await connection.execute("INSERT INTO tide_time.t VALUES (2)")
            await connection.close()

            let located = try await StartTimeLocator.locate(epoch: now + 1, configuration: config)
            let changes = try await BinlogTestSupport.rowChanges(
                configuration: config, from: located.start, database: "tide_time", count: 10)
            #expect(changes.map { BinlogTestSupport.rendered($0.after) } == [["id=2"]])
        }

        /// Runs last in this suite (declaration order): it purges the binlogs other tests read.
        @Test func purgedBinlogIsAClearError() async throws {
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            let oldest = try #require(try await connection.binaryLogs().first)
            try await connection.execute("FLUSH BINARY LOGS")
            let current = try await connection.currentBinlogPosition()
            try await connection.execute("PURGE BINARY LOGS TO '\(current.file)'")
            // MariaDB may keep the file before the current one until its binlog checkpoint is written.
            let retained = try #require(try await connection.binaryLogs().first?.name)
            #expect(retained != oldest.name)
            await connection.close()

            let stream = BinlogStream(
                configuration: config,
                options: BinlogStreamOptions(start: .position(BinlogPosition(file: oldest.name, position: 4)), stopAtEnd: true))
            do {
                _ = try await stream.next()
                Issue.record("streaming from a purged binlog succeeded")
            } catch let error as MySQLClientError {
                #expect(error.serverError?.code == 1236)
            }
            await stream.close()

            do {
                _ = try await StartTimeLocator.locate(epoch: 1, configuration: config)
                Issue.record("a start time before the retained binlogs was accepted")
            } catch let error as MySQLClientError {
                #expect(error.code == .positionNotRetained)
                #expect(error.detail.contains(retained))
            }
        }
    }
}
