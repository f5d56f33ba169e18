import Foundation
import MySQLClient
import MySQLSource
import SyncEngine

// Reads whole tables through MySQLSnapshotSource and prints rows/s: the table as one chunk on one connection,
// and planned into `parallel` chunks read at once on as many connections.
// Usage: SnapshotRead mysql://user:pass@host:port db table[,table...] [--runs N] [--parallel N]

@main
struct SnapshotRead {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
            defer { arguments.removeSubrange(index...index + 1) }
            return Int(arguments[index + 1]) ?? fallback
        }
        let runs = option("--runs", 3)
        let parallel = option("--parallel", 4)
        guard arguments.count >= 3 else {
            print("usage: SnapshotRead mysql://user:pass@host:port db table[,table] [--runs N] [--parallel N]")
            return
        }
        let configuration = try MySQLConfiguration(url: arguments[0])
        let tables = arguments[2].split(separator: ",").map(String.init)
        let source = MySQLSnapshotSource(configuration: configuration, connections: parallel)
        let schemas = try await source.discoverTables(.tables(tables, defaultDatabase: arguments[1]))
        for table in schemas {
            let plan = TablePlan(source: table, destination: table.name)
            let limits = BatchLimits()
            var single: [Double] = []
            var rows: Int64 = 0
            for _ in 0..<runs {
                let start = Date()
                rows = try await readChunk(source, .whole, plan, limits)
                single.append(Date().timeIntervalSince(start))
            }
            let target = Int((table.estimatedRows + Int64(parallel) - 1) / Int64(parallel))
            let chunks = try await source.planChunks(table, targetRows: max(target, 1), whereClause: "")
            var multi: [Double] = []
            var multiRows: Int64 = 0
            for _ in 0..<runs {
                let start = Date()
                multiRows = try await withThrowingTaskGroup(of: Int64.self) { group in
                    for chunk in chunks { group.addTask { try await readChunk(source, chunk, plan, limits) } }
                    var total: Int64 = 0
                    for try await count in group { total += count }
                    return total
                }
                multi.append(Date().timeIntervalSince(start))
            }
            report(table.name.description, "1 chunk", rows, single)
            report(table.name.description, "\(chunks.count) chunks", multiRows, multi)
        }
        await source.close()
    }

    static func readChunk(_ source: MySQLSnapshotSource, _ chunk: ChunkRange, _ plan: TablePlan, _ limits: BatchLimits) async throws -> Int64 {
        var rows: Int64 = 0
        var bytes = 0
        try await source.readChunk(chunk, of: plan, limits: limits) { batch in
            rows += Int64(batch.rows.count)
            bytes += batch.byteCount
        }
        return rows
    }

    static func report(_ table: String, _ mode: String, _ rows: Int64, _ seconds: [Double]) {
        let sorted = seconds.sorted()
        let median = sorted[sorted.count / 2]
        let rate = Double(rows) / median
        print("\(table)\t\(mode)\t\(rows) rows\tmedian \(String(format: "%.2f", median)) s\t\(Int(rate)) rows/s\tbest \(Int(Double(rows) / (sorted.first ?? median))) rows/s")
    }
}
