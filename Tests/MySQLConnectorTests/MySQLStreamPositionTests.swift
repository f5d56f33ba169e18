import Foundation
import MySQLSource
import Testing

/// The hand-built position JSON must stay byte-for-byte what `JSONEncoder` wrote before: checkpoints stored by
/// earlier versions are compared and parsed as strings.
struct MySQLStreamPositionTests {
    static func reference(_ position: MySQLStreamPosition) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(position), as: UTF8.self)
    }

    @Test func encodedMatchesJSONEncoderAndParsesBack() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab-_.:,/\\\"\n\r\t\u{08}\u{0C}\u{01}\u{1F} é€😀0123456789")
        func text() -> String {
            String((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
        }
        let fixed = [
            MySQLStreamPosition(file: "mysql-bin.000012", pos: 342, mariadbGTID: "0-1-1929"),
            MySQLStreamPosition(file: "binlog.000001", pos: 4, mysqlGTIDs: "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5,\nab:7"),
            MySQLStreamPosition(file: "a/b", pos: UInt64.max),
        ]
        var positions = fixed
        for _ in 0..<300 {
            positions.append(
                MySQLStreamPosition(
                    file: text(), pos: UInt64.random(in: 4...UInt64.max, using: &generator),
                    mysqlGTIDs: Bool.random(using: &generator) ? text() : nil,
                    mariadbGTID: Bool.random(using: &generator) ? text() : nil))
        }
        for position in positions {
            #expect(position.encoded == (try Self.reference(position)))
            #expect(try MySQLStreamPosition(decoding: position.encoded) == position)
        }
    }
}
