import PostgresSink
import Testing

@Suite struct PostgresSinkConfigurationTests {
    @Test func configurationDescriptionHidesThePassword() throws {
        let configuration = PostgresSinkConfiguration(
            host: "db", port: 5432, username: "u", password: "s3cret!", database: "d")
        #expect(!configuration.description.contains("s3cret"))
        #expect(!String(reflecting: configuration).contains("s3cret"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("s3cret"))
    }

    @Test func parsesAPostgresURL() throws {
        let configuration = try PostgresSinkConfiguration(
            url: "postgres://us%40er:p%3Ass@127.0.0.1:25432/tide", maxConnections: 3)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 25432)
        #expect(configuration.username == "us@er")
        #expect(configuration.password == "p:ss")
        #expect(configuration.database == "tide")
        #expect(configuration.maxConnections == 3)
        #expect(throws: (any Error).self) { try PostgresSinkConfiguration(url: "mysql://x@y/z") }
    }
}
