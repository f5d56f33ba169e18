import Foundation
import GRDB
import SyncModel

/// The list queries of both dialects, done in SQL with indexes. Lists do not decrypt endpoint passwords.
extension SQLiteMetadataStore {
    public func listDIJobs(_ query: DIJobQuery) async throws(MetadataStoreError) -> Page<SyncTask> {
        guard query.pageNumber >= 1, query.pageNumber <= 1_000_000, (1...100).contains(query.pageSize) else {
            throw MetadataStoreError(.invalidQuery, "PageNumber must be >= 1 and PageSize 1 to 100")
        }
        var filter = TaskFilter()
        if let projectID = query.projectID { filter.add("project_id = ?", projectID) }
        if let name = query.nameContains, !name.isEmpty {
            filter.add("name LIKE ? ESCAPE '\\'", SQLFragments.likePattern(name))
        }
        if let source = query.sourceType, !source.isEmpty { filter.add("source_type = ?", source.lowercased()) }
        if let destination = query.destinationType, !destination.isEmpty {
            filter.add("destination_type = ?", destination.lowercased())
        }
        if !query.kinds.isEmpty {
            let kinds = query.kinds.map(\.rawValue).sorted()
            filter.add("kind IN (\(Self.placeholders(kinds.count)))", StatementArguments(kinds))
        }
        filter.add("status <> 'DELETED'")
        return try await page(filter, limit: query.pageSize, offset: (query.pageNumber - 1) * query.pageSize)
    }

    public func listDRSJobs(_ query: DRSJobQuery) async throws(MetadataStoreError) -> Page<SyncTask> {
        guard query.curPage >= 0, query.curPage <= 1_000_000, (0...100).contains(query.perPage) else {
            throw MetadataStoreError(.invalidQuery, "cur_page must be >= 0 and per_page 0 to 100")
        }
        guard query.ids.count <= 100 else {
            throw MetadataStoreError(.invalidQuery, "name may list at most 100 ids")
        }
        var filter = TaskFilter()
        filter.add("project_id = ?", query.projectID)
        if let value = query.dbUseType, !value.isEmpty { filter.add("db_use_type = ?", value) }
        if let value = query.engineType, !value.isEmpty { filter.add("engine_type = ?", value) }
        if let value = query.netType, !value.isEmpty { filter.add("net_type = ?", value) }
        if let value = query.instanceIP, !value.isEmpty { filter.add("instance_ip = ?", value) }
        if let value = query.enterpriseProjectID, !value.isEmpty { filter.add("enterprise_project_id = ?", value) }
        if !query.ids.isEmpty {
            let ids = query.ids.map { $0.lowercased() }
            filter.addList("uuid IN (\(Self.placeholders(ids.count)))", StatementArguments(ids))
        } else if let name = query.name, !name.isEmpty {
            filter.add("name LIKE ? ESCAPE '\\'", SQLFragments.likePattern(name))
        }
        if let status = query.status {
            filter.add("status = ?", status.rawValue)
        } else {
            filter.add("status <> 'DELETED'")
        }
        for (key, value) in query.tags.sorted(by: { $0.key < $1.key }) {
            filter.addList(
                "id IN (SELECT task_id FROM task_tag WHERE key = ? AND value = ?)",
                [key, value])
        }
        if !query.instanceIDs.isEmpty {
            filter.addList(
                "id IN (SELECT task_id FROM task_instance WHERE instance_id IN (\(Self.placeholders(query.instanceIDs.count))))",
                StatementArguments(query.instanceIDs))
        }
        let everything = query.perPage == 0 || query.curPage == 0
        return try await page(
            filter, limit: everything ? nil : query.perPage, offset: everything ? 0 : (query.curPage - 1) * query.perPage)
    }

    private func page(_ filter: TaskFilter, limit: Int?, offset: Int) async throws(MetadataStoreError) -> Page<SyncTask> {
        let whereSQL = filter.sql
        let arguments = filter.arguments
        let cacheable = filter.hasFixedShape
        let cache = countCache
        let tasks = listCache
        let key = TaskCountCache.Key(condition: whereSQL, arguments: arguments)
        return try await read { db in
            // The generation is taken before the page query starts the read snapshot, so a remembered count is
            // used (or remembered) only when no write began or ended around this snapshot.
            let generation = cache.idleGeneration()
            var sql = "SELECT id, version FROM task WHERE \(whereSQL) ORDER BY id DESC"
            var pageArguments = arguments
            if let limit {
                // The page's ids come from a covering index (skipping OFFSET entries without reading wide rows).
                sql = """
                    SELECT id, version FROM task WHERE id IN (
                        SELECT id FROM task WHERE \(whereSQL) ORDER BY id DESC LIMIT ? OFFSET ?)
                    ORDER BY id DESC
                    """
                pageArguments += [limit, offset]
            }
            let versions = try Row.fetchAll(Self.statement(sql, cached: cacheable, in: db), arguments: pageArguments)
                .map { (id: $0[0] as Int64, version: $0[1] as Int64) }
            let items = try Self.tasks(versions, cache: tasks, in: db)
            let total: Int
            if let generation, let remembered = cache.count(for: key, generation: generation) {
                total = remembered
            } else {
                let count = try Self.statement("SELECT COUNT(*) FROM task WHERE \(whereSQL)", cached: cacheable, in: db)
                total = try Int.fetchOne(count, arguments: arguments) ?? 0
                if let generation { cache.store(total, for: key, generation: generation) }
            }
            return Page(items: items, totalCount: total)
        }
    }

    /// The tasks of `versions` (in that order) as stored at those row versions: remembered ones from `cache`, the
    /// others read whole in the same snapshot, decoded and remembered.
    private static func tasks(
        _ versions: [(id: Int64, version: Int64)], cache: TaskListCache, in db: Database
    ) throws -> [SyncTask] {
        var found: [Int64: SyncTask] = [:]
        var missing: [Int64] = []
        for entry in versions {
            if let task = cache.task(id: entry.id, version: entry.version) {
                found[entry.id] = task
            } else {
                missing.append(entry.id)
            }
        }
        for start in stride(from: 0, to: missing.count, by: 500) {
            let ids = missing[start..<min(start + 500, missing.count)]
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM task WHERE id IN (\(placeholders(ids.count)))", arguments: StatementArguments(ids))
            for row in rows {
                let task = try Self.task(from: row, box: nil)
                cache.remember(task, version: row["version"])
                found[task.id] = task
            }
        }
        return versions.compactMap { found[$0.id] }
    }

    /// A prepared statement; kept in the connection's statement cache only for SQL of a fixed shape, so that the
    /// cache stays bounded (filters with value lists make a new SQL text per list length).
    static func statement(_ sql: String, cached: Bool, in db: Database) throws -> Statement {
        cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// A conjunction of SQL conditions with their arguments. Conditions are fixed strings; values are always bound.
struct TaskFilter: Sendable {
    private var clauses: [String] = []
    private(set) var arguments = StatementArguments()
    /// False once a clause with a value list (`IN (?, ?, ...)` of a caller-chosen length) was added.
    private(set) var hasFixedShape = true

    mutating func add(_ clause: String, _ values: StatementArguments = []) {
        clauses.append(clause)
        arguments += values
    }

    /// Adds a clause whose SQL text depends on the length of a caller-supplied list.
    mutating func addList(_ clause: String, _ values: StatementArguments) {
        add(clause, values)
        hasFixedShape = false
    }

    mutating func add(_ clause: String, _ value: some DatabaseValueConvertible & Sendable) {
        add(clause, [value])
    }

    var sql: String { clauses.isEmpty ? "1" : clauses.map { "(\($0))" }.joined(separator: " AND ") }
}
