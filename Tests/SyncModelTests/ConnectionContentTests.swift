import Testing

@testable import SyncModel

/// Both content forms, the port/host checks, and that the password never shows.
struct ConnectionContentTests {
    @Test func parsesJDBCForm() throws {
        let content = try ConnectionContent.parse(
            #"{"jdbcUrl": "jdbc:mysql://10.0.0.1:3306/shop", "username": "u", "password": "p"}"#, type: .mysql)
        #expect(content.form == .jdbcURL)
        #expect(content.host == "10.0.0.1")
        #expect(content.port == 3306)
        #expect(content.database == "shop")
        #expect(content.username == "u")
        #expect(content.password.revealed == "p")
    }

    @Test func parsesPostgresJDBCWithQueryAndDefaultPort() throws {
        let content = try ConnectionContent.parse(
            #"{"jdbcUrl":"jdbc:postgresql://pg.local/app?sslmode=disable","username":"u","password":"p"}"#,
            type: .postgresql)
        #expect(content.host == "pg.local")
        #expect(content.port == 5432)
        #expect(content.database == "app")
    }

    @Test func parsesHostPortForm() throws {
        let content = try ConnectionContent.parse(
            #"{"host":"db","port":"3307","database":"d","username":"u","password":"s3cret","envType":1}"#,
            type: .mysql)
        #expect(content.form == .hostPort)
        #expect(content.port == 3307)
        #expect(content.extra["envType"] == .number(1))
    }

    @Test func rejectsBadContent() {
        func field(_ text: String, _ type: DataSourceType = .mysql) -> String? {
            do {
                _ = try ConnectionContent.parse(text, type: type)
                return nil
            } catch {
                #expect(error.code == .invalidConnectionContent)
                return error.field
            }
        }
        #expect(field("not json") == "Content")
        #expect(field("[]") == "Content")
        #expect(field(#"{"username":"u"}"#) == "Content.host")
        #expect(field(#"{"host":"db","port":70000}"#) == "Content.port")
        #expect(field(#"{"host":"db","port":"abc"}"#) == "Content.port")
        #expect(field(#"{"host":"db; DROP TABLE x"}"#) == "Content.host")
        #expect(field(#"{"jdbcUrl":"jdbc:postgresql://h:1/d"}"#, .mysql) == "Content.jdbcUrl")
        #expect(field(#"{"jdbcUrl":"jdbc:mysql://h:99999/d"}"#) == "Content.jdbcUrl")
        #expect(field(#"{"jdbcUrl":42}"#) == "Content.jdbcUrl")
        #expect(field(#"{"host":"h","password":["x"]}"#) == "Content.password")
    }

    @Test func passwordNeverAppearsInOutput() throws {
        let content = try ConnectionContent.parse(
            #"{"jdbcUrl":"jdbc:mysql://h:3306/d","username":"u","password":"TopSecret42"}"#, type: .mysql)
        #expect(!content.redactedJSON(for: .mysql).jsonText.contains("TopSecret42"))
        #expect(!String(describing: content).contains("TopSecret42"))
        #expect(!String(reflecting: content).contains("TopSecret42"))
        #expect(!"\(content.password)".contains("TopSecret42"))
        #expect(content.redactedJSON(for: .mysql)["jdbcUrl"] == .string("jdbc:mysql://h:3306/d"))
    }
}

extension ConnectionContentTests {
    @Test func unknownMembersAreRefusedSoMisspeltSecretsNeverEcho() {
        #expect(throws: SyncModelError.self) {
            try ConnectionContent.parse(#"{"host":"h","passwd":"oops-secret"}"#, type: .mysql)
        }
        do {
            _ = try ConnectionContent.parse(#"{"host":"h","pwd":"oops-secret"}"#, type: .mysql)
        } catch {
            #expect(error.field == "Content.pwd")
            #expect(!error.message.contains("oops-secret"))
        }
    }
}
