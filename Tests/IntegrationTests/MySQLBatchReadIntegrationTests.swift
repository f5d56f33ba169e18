import MySQLClient
import MySQLWire
import NIOCore
import Testing

extension MariaDBSuites {
    /// `MySQLRowSequence.nextSizedBatch`: rows already received are decoded without suspending, so the batch
    /// reader's fast path must hand over every row of a result spanning many socket reads, exactly, with the sizes
    /// summed, and stop cleanly at the end of the result or after an error.
    @Suite struct MySQLBatchReadIntegrationTests {
        @Test func batchesCarryEveryRowExactlyWithTheirSizes() async throws {
            let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
            // NULL every 7th row; the text length varies with the row so that packets straddle socket reads.
            let sql = "SELECT seq, IF(seq % 7 = 0, NULL, REPEAT('v', seq % 50)) FROM mysql.seq_1_to_60000"
            let rows = try await connection.query(sql)
            var seen = 0
            var batches = 0
            while true {
                let batch = try await rows.nextSizedBatch(maxRows: 4_000, maxBytes: 1 << 30)
                if batch.rows.isEmpty { break }
                batches += 1
                #expect(batch.rows.count <= 4_000)
                var bytes = 0
                for row in batch.rows {
                    seen += 1
                    let expectedKey = String(seen)
                    let expectedText: String? = seen % 7 == 0 ? nil : String(repeating: "v", count: seen % 50)
                    #expect(row.string(at: 0) == expectedKey)
                    #expect(row.string(at: 1) == expectedText)
                    bytes += expectedKey.utf8.count + (expectedText?.utf8.count ?? 0)
                }
                #expect(batch.byteCount == bytes)
            }
            #expect(seen == 60_000)
            #expect(batches == 15)
            // The result is finished: the connection takes the next command.
            #expect(try await connection.simpleQuery("SELECT 4").first?[0] == "4")
            await connection.close()
        }

        @Test func byteLimitEndsABatchAndAnAbandonedResultIsDropped() async throws {
            let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
            let rows = try await connection.query("SELECT REPEAT('w', 1000) FROM mysql.seq_1_to_20000")
            let first = try await rows.nextSizedBatch(maxRows: 100_000, maxBytes: 50_000)
            // The batch ends with the row that reached the limit.
            #expect(first.rows.count == 50)
            #expect(first.byteCount == 50_000)
            #expect(first.rows.allSatisfy { $0.string(at: 0) == String(repeating: "w", count: 1000) })
            #expect(try await connection.simpleQuery("SELECT 5").first?[0] == "5")
            await connection.close()
        }

        @Test func aServerErrorMidResultIsThrownAndTheConnectionStaysUsable() async throws {
            let connection = try await MySQLConnection.connect(try MariaDBTestServer.configuration())
            // A scalar subquery returning two rows fails at row 30,000, after earlier rows were sent (ERR 1242).
            let sql = "SELECT seq, IF(seq = 30000, (SELECT 1 UNION SELECT 2), 0) FROM mysql.seq_1_to_40000"
            let rows = try await connection.query(sql)
            var received = 0
            var failure: MySQLClientError?
            do {
                while true {
                    let batch = try await rows.nextSizedBatch(maxRows: 1_000, maxBytes: 1 << 30)
                    if batch.rows.isEmpty { break }
                    received += batch.rows.count
                }
            } catch let error as MySQLClientError {
                failure = error
            }
            #expect(failure?.serverError?.code == 1242)
            #expect(received < 40_000)
            #expect(try await connection.simpleQuery("SELECT 6").first?[0] == "6")
            await connection.close()
        }
    }
}
