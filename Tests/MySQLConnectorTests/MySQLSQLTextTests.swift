import MySQLClient
import NIOCore
import Testing

@Suite struct MySQLSQLTextTests {
    @Test func stringLiteralEscapesEverySpecialByte() {
        var buffer = ByteBuffer()
        MySQLSQLText.appendStringLiteral([0x00, 0x27, 0x5C, 0x0A, 0x0D, 0x1A, 0x41], to: &buffer)
        #expect(String(buffer: buffer) == "'\\0\\'\\\\\\n\\r\\ZA'")
    }

    @Test func hexLiteralAndIdentifiers() {
        var buffer = ByteBuffer()
        MySQLSQLText.appendHexLiteral([0x00, 0xFF, 0x1A], to: &buffer)
        #expect(String(buffer: buffer) == "X'00ff1a'")
        #expect(MySQLSQLText.quoteIdentifier("a`b") == "`a``b`")
        #expect(MySQLSQLText.quoteIdentifier(schema: "d", table: "order") == "`d`.`order`")
    }

    @Test func numericLiteralValidation() {
        for good in ["0", "-12", "18446744073709551615", "-0.50", "3.1415927410125732", "1e38", "9.999999680285692e37", "1.5E-7"] {
            #expect(MySQLSQLText.isNumericLiteral(Array(good.utf8)), "\(good)")
        }
        for bad in ["", "-", "1-2", "1e", "1 OR 1=1", "0x10", "1.2.3", "e5", "'1'"] {
            #expect(!MySQLSQLText.isNumericLiteral(Array(bad.utf8)), "\(bad)")
        }
    }
}
