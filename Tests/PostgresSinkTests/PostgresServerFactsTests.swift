import Testing

@testable import PostgresSink

/// Which servers get `MERGE` for change apply (`PostgresServerFacts.hasMerge`).
struct PostgresServerFactsTests {
    @Test func mergeOnPostgreSQL15AndLaterOnly() {
        #expect(PostgresServerFacts(isHologres: false, versionNumber: 150_018).hasMerge)
        #expect(PostgresServerFacts(isHologres: false, versionNumber: 170_002).hasMerge)
        #expect(!PostgresServerFacts(isHologres: false, versionNumber: 140_011).hasMerge)
        // Hologres reports a PostgreSQL version but has no MERGE; a missing version number reads as 0.
        #expect(!PostgresServerFacts(isHologres: true, versionNumber: 150_000).hasMerge)
        #expect(!PostgresServerFacts(isHologres: false, versionNumber: 0).hasMerge)
    }
}
