import Foundation
import MySQLBinlog
import MySQLClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension MariaDBSuites {
    @Suite struct HeartbeatIntegrationTests {
        static var serverPID: pid_t? {
            let root = ProcessInfo.processInfo.environment["TIDE_SRV_ROOT"] ?? "/tmp/tide-srv"
            guard let text = try? String(contentsOfFile: root + "/mariadb/mysqld.pid", encoding: .utf8) else { return nil }
            return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        /// Freezes mariadbd (SIGSTOP) so the socket stays open but silent: heartbeats stop, the stream must declare
        /// the connection dead after three periods, and resume once the server thaws.
        @Test func frozenServerIsDetectedByMissingHeartbeatsAndTheStreamResumes() async throws {
            let pid = try #require(Self.serverPID)
            let config = try MariaDBTestServer.configuration()
            let connection = try await MySQLConnection.connect(config)
            try await connection.execute("CREATE DATABASE IF NOT EXISTS tide_hb")
            try await connection.execute("CREATE TABLE IF NOT EXISTS tide_hb.t (id INT PRIMARY KEY)")
            try await connection.execute("DELETE FROM tide_hb.t")
            let start = try await connection.currentBinlogPosition()
            try await connection.execute("INSERT INTO tide_hb.t VALUES (1)")
            await connection.close()

            let stream = BinlogStream(
                configuration: config,
                options: BinlogStreamOptions(start: .position(start), heartbeatPeriod: .milliseconds(500), maxReconnectAttempts: 100))
            var decoder = BinlogDecoder()
            var ids: [String] = []
            func readUntil(_ count: Int) async throws {
                while ids.count < count, let event = try await stream.next() {
                    if case .rows(let header, let rows) = try decoder.decode(event.raw), rows.table?.database == "tide_hb" {
                        for change in BinlogRowChange.changes(from: rows, header: header, position: event.nextPosition, gtid: nil) {
                            ids += BinlogTestSupport.rendered(change.after)
                        }
                    }
                }
            }
            try await readUntil(1)
            kill(pid, SIGSTOP)
            let clock = ContinuousClock()
            let frozenAt = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Task.sleep(for: .seconds(3))
                    kill(pid, SIGCONT)
                    let writer = try await MySQLConnection.connect(config)
                    try await writer.execute("INSERT INTO tide_hb.t VALUES (2)")
                    await writer.close()
                }
                do {
                    try await readUntil(2)
                } catch {
                    kill(pid, SIGCONT)
                    throw error
                }
                try await group.waitForAll()
            }
            kill(pid, SIGCONT)
            let reconnects = await stream.reconnects
            await stream.close()
            #expect(ids == ["id=1", "id=2"])
            #expect(reconnects >= 1)
            #expect(clock.now - frozenAt < .seconds(30))
        }
    }
}
