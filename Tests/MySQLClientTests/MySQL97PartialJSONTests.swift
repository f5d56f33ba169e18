import Foundation
import MySQLBinlog
import Testing

@testable import MySQLClient

/// PARTIAL_UPDATE_ROWS against the real MySQL 9.7 (sid chroot, `scripts/servers.sh mysql97-start`, from
/// `TIDE_TEST_MYSQL97`): random JSON_SET / JSON_REPLACE / JSON_REMOVE / JSON_ARRAY_INSERT updates with
/// `binlog_row_value_options=PARTIAL_JSON`; every after image rebuilt from the diffs must equal what SELECT returned
/// right after that update.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL97"] != nil,
        "TIDE_TEST_MYSQL97 is not set: MySQL 9.7 (sid chroot) is not running here, so PARTIAL_JSON is only tested on the fixture"))
struct MySQL97PartialJSONTests {
    /// A small deterministic generator (the run is reproducible from its seed).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func statement(_ random: inout Generator) -> String {
        let keys = ["a", "bb", "c", "key x", "z"]
        let key = keys[random.next(keys.count)]
        let member = key.contains(" ") ? "\\\"\(key)\\\"" : key
        let values = ["1", "-7.25", "'text'", "JSON_OBJECT('n', 2)", "JSON_ARRAY(1, 'two')", "NULL", "TRUE"]
        let value = values[random.next(values.count)]
        let index = random.next(4)
        switch random.next(6) {
        case 0: return "JSON_SET(doc, '$.\(member)', \(value))"
        case 1: return "JSON_REPLACE(doc, '$.arr[\(index)]', \(value))"
        case 2: return "JSON_REMOVE(doc, '$.arr[\(index)]')"
        case 3: return "JSON_ARRAY_INSERT(doc, '$.arr[\(index)]', \(value))"
        case 4: return "JSON_SET(doc, '$.obj.\(member)', \(value))"
        default: return "JSON_REMOVE(doc, '$.\(member)')"
        }
    }

    @Test func randomPartialUpdatesRebuildTheSelectedDocument() async throws {
        let url = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL97"] ?? ""
        let config = try MySQLConfiguration(url: url)
        let database = "tide_partial_\(UInt32.random(in: 0...UInt32.max))"
        let connection = try await MySQLConnection.connect(config)
        try await connection.execute("CREATE DATABASE \(database)")
        try await connection.execute("CREATE TABLE \(database).t (id INT PRIMARY KEY, doc JSON, other JSON)")
        try await connection.execute(
            "INSERT INTO \(database).t VALUES (1, '{\"a\": 0, \"arr\": [1, 2, 3, 4, 5], \"obj\": {\"c\": \"x\"}}', '[1]')")
        try await connection.execute("SET SESSION binlog_row_value_options = 'PARTIAL_JSON'")
        let start = try await connection.currentBinlogPosition()
        var random = Generator(state: 20_261_130)
        var expected: [String] = []
        var previous = try await connection.simpleQuery("SELECT doc FROM \(database).t").first?[0] ?? ""
        for _ in 0..<60 {
            try await connection.execute("UPDATE \(database).t SET doc = \(Self.statement(&random)) WHERE id = 1")
            // An UPDATE that leaves the document as it was writes no rows event.
            let current = try await connection.simpleQuery("SELECT doc FROM \(database).t").first?[0] ?? ""
            if current != previous { expected.append(current) }
            previous = current
        }
        try await connection.execute("DROP DATABASE \(database)")
        await connection.close()

        var afterDocs: [String] = []
        var partialEvents = 0
        let stream = BinlogStream(configuration: config, options: BinlogStreamOptions(start: .position(start), stopAtEnd: true))
        var decoder = BinlogDecoder()
        while let event = try await stream.next() {
            guard case .rows(let header, let rows) = try decoder.decode(event.raw), rows.table?.database == database
            else { continue }
            if header.type == .partialUpdateRows { partialEvents += 1 }
            for row in rows.rows {
                if case .json(let text)?? = row.after?[1] { afterDocs.append(text) }
            }
        }
        await stream.close()
        #expect(expected.count > 30)
        #expect(partialEvents == expected.count)
        #expect(afterDocs == expected)
    }
}
