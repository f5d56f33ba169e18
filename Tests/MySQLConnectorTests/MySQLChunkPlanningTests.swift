import MySQLClient
import MySQLSource
import SyncEngine
import Testing

@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLChunkPlanningTests {
    /// Plans `table` with `target` rows per chunk, reads every chunk and checks that their concatenation equals
    /// the whole table read at once (same rows, same order: a partition without gaps or overlaps).
    private func checkPartition(
        _ source: MySQLSnapshotSource, _ table: TableSchema, target: Int, whereClause: String = ""
    ) async throws -> [ChunkRange] {
        let chunks = try await source.planChunks(table, targetRows: target, whereClause: whereClause)
        let plan = TablePlan(source: table, destination: table.name, whereClause: whereClause, chunks: chunks)
        var union: [PlainRow] = []
        for chunk in chunks { union += try await readAll(source, chunk, plan, limits: BatchLimits(rows: 64)) }
        let whole = try await readAll(source, .whole, plan, limits: BatchLimits(rows: 1000))
        #expect(union.count == whole.count)
        #expect(union == whole)
        #expect(chunks.map(\.index) == Array(chunks.indices))
        #expect(chunks.first?.lower == nil && chunks.last?.upper == nil)
        return chunks
    }

    @Test func integerCompositeAndStringKeysPartitionExactly() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("USE `\(db)`")
            try await admin.execute("CREATE TABLE `\(db)`.dense (id int PRIMARY KEY, v varchar(10))")
            try await admin.execute(
                "INSERT INTO `\(db)`.dense SELECT seq, CONCAT('v', seq) FROM seq_1_to_1000")
            try await admin.execute("CREATE TABLE `\(db)`.sparse (id bigint unsigned PRIMARY KEY)")
            try await admin.execute(
                "INSERT INTO `\(db)`.sparse SELECT seq * seq * 1000 FROM seq_1_to_700 UNION ALL SELECT 18446744073709551615")
            try await admin.execute(
                "CREATE TABLE `\(db)`.composite (a int NOT NULL, b varchar(20) NOT NULL, c int, PRIMARY KEY (a, b))")
            try await admin.execute(
                "INSERT INTO `\(db)`.composite SELECT seq % 7, CONCAT(CHAR(65 + seq % 26), '-', seq), seq FROM seq_1_to_900")
            try await admin.execute(
                "CREATE TABLE `\(db)`.strings (k varchar(30) COLLATE utf8mb4_bin PRIMARY KEY, n int)")
            try await admin.execute(
                "INSERT INTO `\(db)`.strings SELECT CONCAT(ELT(1 + seq % 5, 'a', 'A', 'ü', '中', 'it''s\\\\'), seq), seq FROM seq_1_to_800")
            try await admin.execute("ANALYZE TABLE `\(db)`.dense, `\(db)`.sparse, `\(db)`.composite, `\(db)`.strings")
            try await withSource { source in
                let tables = try await source.discoverTables(TableSelection(defaultDatabase: db, rules: []))
                let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name.name, $0) })
                for (name, count) in [("dense", 1000), ("sparse", 701), ("composite", 900), ("strings", 800)] {
                    var table = try #require(byName[name])
                    for estimate in [Int64(count), 0] {
                        table.estimatedRows = estimate
                        let chunks = try await checkPartition(source, table, target: 100)
                        #expect(chunks.count >= count / 100 && chunks.count <= count / 100 + 2, "\(name): \(chunks.count)")
                    }
                }
                let filtered = try await checkPartition(source, try #require(byName["composite"]), target: 50, whereClause: "c % 3 = 0")
                #expect(filtered.count > 1)
            }
        }
    }

    @Test func keylessSmallAndEmptyTablesAreOneChunk() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("USE `\(db)`")
            try await admin.execute("CREATE TABLE `\(db)`.nokey (a int, b text)")
            try await admin.execute("INSERT INTO `\(db)`.nokey SELECT seq, 'x' FROM seq_1_to_300")
            try await admin.execute("CREATE TABLE `\(db)`.empty (id int PRIMARY KEY)")
            try await admin.execute("CREATE TABLE `\(db)`.small (id int PRIMARY KEY)")
            try await admin.execute("INSERT INTO `\(db)`.small SELECT seq FROM seq_1_to_100")
            try await withSource { source in
                for table in try await source.discoverTables(TableSelection(defaultDatabase: db, rules: [])) {
                    var table = table
                    table.estimatedRows = 0
                    #expect(try await checkPartition(source, table, target: 100) == [.whole], "\(table.name)")
                }
            }
        }
    }
}
