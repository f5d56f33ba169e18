import Testing

@testable import MySQLSource

/// `information_schema.COLUMNS.COLUMN_DEFAULT` / `EXTRA` as each flavour spells them (values seen on MariaDB
/// 10.11 and MySQL 9.7 here).
struct MySQLColumnDefaultTests {
    @Test func mariaDBQuotesLiteralsAndSpellsNullAsText() {
        func read(_ text: String?) -> MySQLColumnDefault {
            MySQLColumnDefault(columnDefault: text, extra: "", isMariaDB: true)
        }
        #expect(read(nil) == MySQLColumnDefault(isNonNull: false, literal: nil))
        #expect(read("NULL") == MySQLColumnDefault(isNonNull: false, literal: nil))
        #expect(read("'NULL'") == MySQLColumnDefault(isNonNull: true, literal: "NULL"))
        #expect(read("7") == MySQLColumnDefault(isNonNull: true, literal: "7"))
        #expect(read("-1.50") == MySQLColumnDefault(isNonNull: true, literal: "-1.50"))
        #expect(read("1.5e-3") == MySQLColumnDefault(isNonNull: true, literal: "1.5e-3"))
        #expect(read("'it''s'") == MySQLColumnDefault(isNonNull: true, literal: "it's"))
        #expect(read("''") == MySQLColumnDefault(isNonNull: true, literal: ""))
        #expect(read("'2024-01-01 00:00:00'") == MySQLColumnDefault(isNonNull: true, literal: "2024-01-01 00:00:00"))
        // Expressions, and literals not taken apart, still fill rows: the table is copied.
        #expect(read("current_timestamp()") == MySQLColumnDefault(isNonNull: true, literal: nil))
        #expect(read("uuid()") == MySQLColumnDefault(isNonNull: true, literal: nil))
        #expect(read("'a\\'b'") == MySQLColumnDefault(isNonNull: true, literal: nil))
        #expect(read("'a'b'") == MySQLColumnDefault(isNonNull: true, literal: nil))
        #expect(read("1.") == MySQLColumnDefault(isNonNull: true, literal: nil))
    }

    @Test func mysqlLeavesLiteralsBareAndFlagsExpressions() {
        func read(_ text: String?, _ extra: String = "") -> MySQLColumnDefault {
            MySQLColumnDefault(columnDefault: text, extra: extra, isMariaDB: false)
        }
        #expect(read(nil) == MySQLColumnDefault(isNonNull: false, literal: nil))
        #expect(read("NULL") == MySQLColumnDefault(isNonNull: true, literal: "NULL"))
        #expect(read("it's") == MySQLColumnDefault(isNonNull: true, literal: "it's"))
        #expect(read("7") == MySQLColumnDefault(isNonNull: true, literal: "7"))
        #expect(read("CURRENT_TIMESTAMP", "DEFAULT_GENERATED") == MySQLColumnDefault(isNonNull: true, literal: nil))
        #expect(
            read("CURRENT_TIMESTAMP", "DEFAULT_GENERATED on update CURRENT_TIMESTAMP")
                == MySQLColumnDefault(isNonNull: true, literal: nil))
    }
}
