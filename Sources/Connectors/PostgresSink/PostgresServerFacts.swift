/// What a destination server is, read once per sink (`PostgresSink.serverFacts`): the sink's choices of COPY format,
/// key building and merge statement depend on it.
struct PostgresServerFacts: Sendable, Hashable {
    /// Whether the server is Hologres (it has `hg_version()`).
    var isHologres: Bool
    /// `server_version_num`, such as 150018 for PostgreSQL 15.18.
    var versionNumber: Int

    /// Whether the server runs `MERGE` (PostgreSQL 15 and later; not Hologres).
    var hasMerge: Bool { !isHologres && versionNumber >= 150_000 }
}
