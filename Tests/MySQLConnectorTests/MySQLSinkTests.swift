import AsyncAlgorithms
import MySQLClient
import MySQLSink
import MySQLSource
import NIOCore
import SyncEngine
import Testing

@Suite(.enabled(if: MySQLTestServer.isConfigured, MySQLTestServer.disabledReason))
struct MySQLSinkTests {
    /// Copies every chunk of `plan` from `source` to `sink` the way the engine does (reader and writer joined by
    /// a channel) and returns the write results.
    private func copy(
        _ source: MySQLSnapshotSource, _ sink: MySQLSink, _ plan: TablePlan, options: SinkOptions, task: String = "t1"
    ) async throws -> [ChunkWriteResult] {
        var results: [ChunkWriteResult] = []
        for chunk in plan.chunks {
            let channel = RowBatchChannel()
            let checkpoint = ChunkCheckpoint(
                taskUUID: task, generation: 1, tableKey: plan.tableKey, chunkIndex: chunk.index, rows: 0)
            let result = try await withThrowingTaskGroup(of: ChunkWriteResult?.self) { group in
                group.addTask {
                    do {
                        try await source.readChunk(chunk, of: plan, limits: BatchLimits(rows: 50)) { await channel.send($0) }
                        channel.finish()
                    } catch {
                        channel.fail(error)
                    }
                    return nil
                }
                group.addTask {
                    try await sink.writeChunk(chunk, of: plan, options: options, checkpoint: checkpoint, batches: channel)
                }
                var written: ChunkWriteResult?
                for try await result in group where result != nil { written = result }
                return written
            }
            results.append(try #require(result))
        }
        return results
    }

    @Test func everyTypeRoundTripsThroughMySQLSink() async throws {
        try await MySQLTestServer.withDatabases(2) { admin, names in
            try await admin.execute(EveryTypeFixture.createSQL(names[0]))
            try await admin.execute(EveryTypeFixture.insertSQL(names[0]))
            try await withSource { source in
                try await withSink(checkpointDatabase: names[1], statementBytes: 2048) { sink in
                    let table = try #require(try await source.discoverTables(.tables(["every"], defaultDatabase: names[0])).first)
                    let plan = TablePlan(
                        source: table, destination: TableName(schema: names[1], name: "every"),
                        chunks: try await source.planChunks(table, targetRows: 1, whereClause: ""))
                    #expect(plan.chunks.count == 3)
                    try await sink.prepare([plan], options: SinkOptions(), fresh: true)
                    let results = try await copy(source, sink, plan, options: SinkOptions())
                    #expect(results.map(\.rowsWritten).reduce(0, +) == 3)
                    #expect(results.allSatisfy { $0.dirty.isEmpty })
                    let sourceRows = try await readOrderedAll(source, plan, side: .source)
                    let destinationRows = try await readOrderedAll(sink, plan, side: .destination)
                    #expect(sourceRows.count == 3)
                    #expect(sourceRows == destinationRows)
                    let committed = try await sink.committedChunks(taskUUID: "t1", generation: 1)
                    #expect(committed.map(\.chunkIndex) == [0, 1, 2])
                    #expect(committed.map(\.rows) == [1, 1, 1])
                    // The destination table was created from the source types.
                    let created = try await admin.simpleQuery(
                        "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '\(names[1])'"
                            + " AND TABLE_NAME = 'every' ORDER BY ORDINAL_POSITION")
                    #expect(created.map { $0[0] ?? "" } == table.columns.map { $0.type.kind == .json ? "longtext" : $0.type.sourceTypeText })
                }
            }
        }
    }

    @Test func writeModesInsertIgnoreReplace() async throws {
        try await MySQLTestServer.withDatabases(2) { admin, names in
            try await admin.execute("CREATE TABLE `\(names[0])`.t (id int PRIMARY KEY, v varchar(10) NOT NULL)")
            try await admin.execute("INSERT INTO `\(names[0])`.t VALUES (1, 'new1'), (2, 'new2'), (3, 'new3')")
            try await admin.execute("CREATE TABLE `\(names[1])`.t (id int PRIMARY KEY, v varchar(10) NOT NULL)")
            try await withSource { source in
                try await withSink(checkpointDatabase: names[1]) { sink in
                    let table = try #require(try await source.discoverTables(.tables(["t"], defaultDatabase: names[0])).first)
                    let plan = TablePlan(source: table, destination: TableName(schema: names[1], name: "t"))
                    var expectations: [(WriteMode, [String], Int)] = []
                    expectations.append((.ignore, ["1=old1", "2=new2", "3=new3"], 0))
                    expectations.append((.replace, ["1=new1", "2=new2", "3=new3"], 0))
                    expectations.append((.insert, ["1=old1", "2=new2", "3=new3"], 1))
                    for (mode, expected, dirtyCount) in expectations {
                        try await admin.execute("DELETE FROM `\(names[1])`.t")
                        try await admin.execute("INSERT INTO `\(names[1])`.t VALUES (1, 'old1')")
                        let options = SinkOptions(writeMode: mode)
                        try await sink.prepare([plan], options: options, fresh: true)
                        let results = try await copy(source, sink, plan, options: options, task: mode.rawValue)
                        let rows = try await admin.simpleQuery("SELECT CONCAT(id, '=', v) FROM `\(names[1])`.t ORDER BY id")
                        #expect(rows.map { $0[0] ?? "" } == expected, "\(mode)")
                        #expect(results.first?.dirty.count == dirtyCount, "\(mode)")
                    }
                }
            }
        }
    }

    @Test func refusedRowsBecomeDirtyRecordsAndTheRestCommits() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("CREATE TABLE `\(db)`.d (id int PRIMARY KEY, v varchar(5) NOT NULL)")
            try await admin.execute("INSERT INTO `\(db)`.d VALUES (2, 'dup')")
            let columns = [
                ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "v", type: ColumnType(kind: .varchar, length: 5), isNullable: false),
            ]
            let schema = TableSchema(name: TableName(schema: db, name: "d"), columns: columns, keyColumns: ["id"])
            let plan = TablePlan(source: schema, destination: schema.name)
            let rows = (1...10).map { textRow([String($0), $0 == 7 ? "too long value" : "v\($0)"]) }
            try await withSink(checkpointDatabase: db) { sink in
                try await sink.prepare([plan], options: SinkOptions(createTables: false), fresh: false)
                let channel = RowBatchChannel()
                async let fed: Void = feed(rows, into: channel)
                let result = try await sink.writeChunk(
                    .whole, of: plan, options: SinkOptions(), checkpoint: ChunkCheckpoint(
                        taskUUID: "dirty", generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0),
                    batches: channel)
                await fed
                #expect(result.rowsWritten == 8)
                #expect(result.dirty.map(\.key) == [["2"], ["7"]])
                #expect(result.dirty.first?.reason.contains("Duplicate entry") == true)
                #expect(result.dirty.last?.reason.contains("too long") == true)
                let stored = try await admin.simpleQuery("SELECT CONCAT(id, '=', v) FROM `\(db)`.d ORDER BY id")
                #expect(stored.map { $0[0] ?? "" } == ["1=v1", "2=dup", "3=v3", "4=v4", "5=v5", "6=v6", "8=v8", "9=v9", "10=v10"])
                let committed = try await sink.committedChunks(taskUUID: "dirty", generation: 1)
                #expect(committed.map(\.rows) == [8])
            }
        }
    }

    @Test func cancellationRollsBackAndLeavesNoCheckpoint() async throws {
        try await MySQLTestServer.withDatabases { admin, names in
            let db = names[0]
            try await admin.execute("CREATE TABLE `\(db)`.c (id int PRIMARY KEY)")
            let schema = TableSchema(
                name: TableName(schema: db, name: "c"),
                columns: [ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false)], keyColumns: ["id"])
            let plan = TablePlan(source: schema, destination: schema.name)
            try await withSink(checkpointDatabase: names[0], statementBytes: 1024) { sink in
                try await sink.prepare([plan], options: SinkOptions(), fresh: false)
                let channel = RowBatchChannel()
                let writer = Task {
                    try await sink.writeChunk(
                        .whole, of: plan, options: SinkOptions(),
                        checkpoint: ChunkCheckpoint(taskUUID: "cancel", generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0),
                        batches: channel)
                }
                // Several statements' worth of rows, then cancel while the writer waits for more.
                var batch = RowBatch()
                for id in 1...500 { batch.append(textRow([String(id)])) }
                await channel.send(batch)
                writer.cancel()
                let outcome = await writer.result
                #expect(throws: (any Error).self) { try outcome.get() }
                #expect(try await sink.committedChunks(taskUUID: "cancel", generation: 1).isEmpty)
                let count = try await admin.simpleQuery("SELECT COUNT(*) FROM `\(db)`.c")
                #expect(count.first?[0] == "0")
            }
        }
    }

    @Test func unicodeAndReservedWordIdentifiers() async throws {
        try await MySQLTestServer.withDatabases(2) { admin, names in
            let db = names[0]
            try await admin.execute("CREATE TABLE `\(db)`.`order` (`select` int PRIMARY KEY, `from` varchar(10), `a``b` int)")
            try await admin.execute("INSERT INTO `\(db)`.`order` VALUES (1, 'x', 2), (2, 'y', 3)")
            try await admin.execute("CREATE TABLE `\(db)`.`表格` (`名` varchar(10) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY, `值` int)")
            try await admin.execute("INSERT INTO `\(db)`.`表格` VALUES ('一😀', 1), ('二', 2), ('A', 3), ('a', 4)")
            try await withSource { source in
                try await withSink(checkpointDatabase: names[1]) { sink in
                    let tables = try await source.discoverTables(.tables(["order", "表格"], defaultDatabase: db))
                    #expect(tables.map(\.name.name) == ["order", "表格"])
                    for table in tables {
                        let plan = TablePlan(
                            source: table, destination: TableName(schema: names[1], name: table.name.name),
                            chunks: try await source.planChunks(table, targetRows: 1, whereClause: ""))
                        try await sink.prepare([plan], options: SinkOptions(), fresh: true)
                        _ = try await copy(source, sink, plan, options: SinkOptions())
                        let sourceRows = try await readOrderedAll(source, plan, side: .source)
                        #expect(sourceRows.count == (table.name.name == "order" ? 2 : 4))
                        #expect(try await readOrderedAll(sink, plan, side: .destination) == sourceRows)
                    }
                }
            }
        }
    }
}
