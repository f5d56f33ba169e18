import Foundation
import NIOCore
@testable import PostgresSink
import SyncEngine
import Testing

/// COPY binary (`COPYBinaryEncoder`) against a real PostgreSQL: the same rows written once in binary and once in
/// text (`PostgresSinkConfiguration.binaryCopy` off) must store the same values and refuse the same rows for the
/// same reasons (SQLSTATE), whether Tide or the server refuses them.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresBinaryCopyTests {
    private typealias Support = PostgresTestSupport

    private static let columns: [ColumnSchema] = [
        ColumnSchema(name: "id", type: ColumnType(kind: .bigInt), isNullable: false),
        ColumnSchema(name: "small", type: ColumnType(kind: .smallInt)),
        ColumnSchema(name: "medium", type: ColumnType(kind: .mediumInt)),
        ColumnSchema(name: "unsigned_int", type: ColumnType(kind: .int, isUnsigned: true)),
        ColumnSchema(name: "flag", type: ColumnType(kind: .tinyInt, length: 1)),
        ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 10)),
        ColumnSchema(name: "body", type: ColumnType(kind: .text)),
        ColumnSchema(name: "blob", type: ColumnType(kind: .blob)),
        ColumnSchema(name: "day", type: ColumnType(kind: .date)),
        ColumnSchema(name: "at", type: ColumnType(kind: .datetime, fractionalDigits: 6)),
        ColumnSchema(name: "stamp", type: ColumnType(kind: .timestamp, fractionalDigits: 3)),
        ColumnSchema(name: "year", type: ColumnType(kind: .year)),
        ColumnSchema(name: "choice", type: ColumnType(kind: .enum, members: ["a", "b"])),
        ColumnSchema(name: "amount", type: ColumnType(kind: .decimal, precision: 12, scale: 2)),
        ColumnSchema(name: "wide", type: ColumnType(kind: .decimal, precision: 65, scale: 30)),
        ColumnSchema(name: "doc", type: ColumnType(kind: .json)),
    ]

    private static func plan(schema: String) -> TablePlan {
        let source = TableSchema(name: TableName(schema: "src", name: "edge"), columns: columns, keyColumns: ["id"])
        return TablePlan(source: source, destination: TableName(schema: schema, name: "edge"))
    }

    /// Edge values, NULLs in every column, and rows either side refuses.
    private static var rows: [Row] {
        let allBytes = String(decoding: (0...255).map { UInt8($0) }.filter { $0 < 0x80 }, as: UTF8.self)
        var rows: [[String?]] = [
            ["1", "-32768", "-8388608", "4294967295", "0", "ascii", "tab\there\nline\\slash", "x",
             "0001-01-01", "1000-01-01 00:00:00", "1970-01-01 00:00:00.000", "1901", "a", "0.00", "0.000000000000000000000000000001", "{\"a\": [1, 2.5, \"x\"], \"b\": null}"],
            ["2", "32767", "8388607", "0", "1", "ünïcødé😀", allBytes, "",
             "9999-12-31", "9999-12-31 23:59:59.999999", "2038-01-19 03:14:07.999", "2155", "b", "9999999999.99", "99999999999999999999999999999999999.999999999999999999999999999999", "\"str\""],
            ["3", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil],
            ["4", "0", "0", "1", "0", "", "", nil,
             "2024-02-29", "1969-12-31 23:59:59.5", "2000-01-01 00:00:00.123", "0000", "", "-0.50", "-12345.678900000000000000000000000001", "null"],
            ["5", "7", "7", "7", "1", "nul\u{0}byte", "a\u{0}b\u{0}", "raw\u{0}",
             "2000-01-01", "2000-01-01 00:00:00", "1999-12-31 23:59:59.999999", "2000", "a", "-0.00", "10000", "[]"],
            // Refused by Tide in binary and by the server in text:
            ["6", "32768", "0", "0", "0", "x", "x", nil, "2024-01-01", nil, nil, nil, nil, nil, nil, nil],
            ["7", "12a", "0", "0", "0", "x", "x", nil, "2024-01-01", nil, nil, nil, nil, nil, nil, nil],
            ["8", "0", "0", "0", "2", "x", "x", nil, "2024-01-01", nil, nil, nil, nil, nil, nil, nil],
            ["9", "0", "0", "0", "0", "x", "x", nil, "2023-02-29", nil, nil, nil, nil, nil, nil, nil],
            ["10", "0", "0", "0", "0", "x", "x", nil, nil, "2024-04-31 10:00:00", nil, nil, nil, nil, nil, nil],
            // PostgreSQL reads 24:00:00 as midnight of the next day; 24:00:01 is refused.
            ["11", "0", "0", "0", "0", "x", "x", nil, nil, "2024-12-31 24:00:00", nil, nil, nil, nil, nil, nil],
            ["15", "0", "0", "0", "0", "x", "x", nil, nil, "2024-12-31 24:00:01", nil, nil, nil, nil, nil, nil],
            // Refused by the server either way (varchar(10) too long):
            ["12", "0", "0", "0", "0", "eleven char", "x", nil, nil, nil, nil, nil, nil, nil, nil, nil],
            // numeric(12,2) overflow and invalid JSON: the server refuses them either way.
            ["16", "0", "0", "0", "0", "x", "x", nil, nil, nil, nil, nil, nil, "123456789012.00", nil, nil],
            ["17", "0", "0", "0", "0", "x", "x", nil, nil, nil, nil, nil, nil, nil, nil, "{bad"],
            // Zero dates become NULL (zeroDateAsNull on):
            ["13", "0", "0", "0", "0", "x", "x", nil, "0000-00-00", "2024-00-10 00:00:00", "0000-00-00 00:00:00", nil, nil, nil, nil, nil],
            ["14", "0", "0", "0", "0", "x", "x", nil, "2024-12-31", "2024-12-31 23:59:59.000001", nil, nil, nil, "1", "1.5", "{}"],
        ]
        rows.append(contentsOf: (100..<1100).map { id in
            ["\(id)", "\(id % 30000)", "\(-id)", "\(id * 4000)", "\(id % 2)", "n\(id)", "body \(id)", "\(id)",
             "20\(10 + id % 80)-0\(1 + id % 9)-1\(id % 10)", "2011-11-11 11:11:1\(id % 10).\(id)",
             "2022-02-02 02:02:02", "\(1901 + id % 255)", id % 3 == 0 ? nil : "b", "\(id).\(id % 100)",
             "-\(id).000\(id)", "{\"id\": \(id)}"]
        })
        return rows.map(Support.row)
    }

    @Test func binaryStoresAndRefusesExactlyWhatTextDoes() async throws {
        let binarySchema = Support.uniqueSchema("tide_bin")
        let textSchema = Support.uniqueSchema("tide_txt")
        var textConfiguration = try Support.configuration()
        textConfiguration.binaryCopy = false
        let textSink = try await PostgresSink.connect(textConfiguration)
        do {
            try await compare(textSink: textSink, binarySchema: binarySchema, textSchema: textSchema)
        } catch {
            await textSink.close()
            throw error
        }
        await textSink.close()
    }

    private func compare(textSink: PostgresSink, binarySchema: String, textSchema: String) async throws {
        try await Support.withSink(schemas: [binarySchema, textSchema]) { binarySink, inspector in
            let options = SinkOptions(tinyInt1AsBoolean: true, zeroDateAsNull: true)
            var results: [ChunkWriteResult] = []
            for (sink, schema) in [(binarySink, binarySchema), (textSink, textSchema)] {
                let plan = Self.plan(schema: schema)
                try await sink.prepare([plan], options: options, fresh: true)
                let checkpoint = ChunkCheckpoint(
                    taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
                results.append(
                    try await Support.writeChunk(
                        sink, plan: plan, options: options, checkpoint: checkpoint, rows: Self.rows, batchRows: 300))
            }
            let select = Self.columns.map { "\(Support.quoted($0.name))::text" }.joined(separator: ", ")
            let binary = try await inspector.texts("SELECT \(select) FROM \(Support.quoted(binarySchema)).edge ORDER BY edge.id")
            let text = try await inspector.texts("SELECT \(select) FROM \(Support.quoted(textSchema)).edge ORDER BY edge.id")
            #expect(binary.count == 1_000 + 8)
            #expect(binary == text, "first difference: \(zip(binary, text).first { $0 != $1 }.map { "\($0) vs \($1)" } ?? "none")")
            #expect(results[0].rowsWritten == results[1].rowsWritten)
            // Tide refuses rows while encoding, the server while copying: compare as sets by key.
            let dirty = results.map { $0.dirty.sorted { Int($0.key[0]) ?? 0 < Int($1.key[0]) ?? 0 } }
            #expect(dirty[0].map(\.key) == [["6"], ["7"], ["8"], ["9"], ["10"], ["12"], ["15"], ["16"], ["17"]])
            #expect(dirty[0].map(\.key) == dirty[1].map(\.key))
            let states = dirty.map { $0.map { Self.sqlState(in: $0.reason) } }
            #expect(states[0] == states[1], "binary \(dirty[0]) text \(dirty[1])")
            // Spot checks of exact values.
            let byID = Dictionary(binary.map { ($0[0] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            #expect(binary.first == [
                "1", "-32768", "-8388608", "4294967295", "false", "ascii", "tab\there\nline\\slash", "\\x78",
                "0001-01-01", "1000-01-01 00:00:00", "1970-01-01 00:00:00+00", "1901", "a", "0.00",
                "0.000000000000000000000000000001", "{\"a\": [1, 2.5, \"x\"], \"b\": null}",
            ])
            #expect(byID["4"]?[13] == "-0.50" && byID["4"]?[14] == "-12345.678900000000000000000000000001")
            #expect(byID["5"]?[13] == "0.00" && byID["5"]?[14] == "10000.000000000000000000000000000000")
            #expect(binary[4][5] == "nulbyte" && binary[4][6] == "ab" && binary[4][7] == "\\x72617700")
            let zeroDates = byID["13"].map { [$0[8], $0[9], $0[10]] }
            #expect(byID["11"]?[9] == "2025-01-01 00:00:00")
            #expect(zeroDates == [nil, nil, nil], "\(String(describing: byID["13"]))")
        }
    }

    @Test func binaryIsChosenOnlyWhenEveryColumnHasABinaryForm() {
        let narrow = COPYRowEncoder.make(
            sources: [ColumnType(kind: .bigInt), ColumnType(kind: .int), ColumnType(kind: .varchar, length: 32)],
            destinationTypes: ["bigint", "integer", "character varying(32)"], zeroDateAsNull: true, allowBinary: true)
        #expect(narrow.isBinary)
        let orders = COPYRowEncoder.make(
            sources: [ColumnType(kind: .decimal, precision: 12, scale: 2), ColumnType(kind: .json)],
            destinationTypes: ["numeric(12,2)", "jsonb"], zeroDateAsNull: true, allowBinary: true)
        #expect(orders.isBinary)
        let withDouble = COPYRowEncoder.make(
            sources: [ColumnType(kind: .bigInt), ColumnType(kind: .double)],
            destinationTypes: ["bigint", "double precision"], zeroDateAsNull: true, allowBinary: true)
        #expect(!withDouble.isBinary)
        let disallowed = COPYRowEncoder.make(
            sources: [ColumnType(kind: .bigInt)], destinationTypes: ["bigint"], zeroDateAsNull: true,
            allowBinary: false)
        #expect(!disallowed.isBinary)
        // A user override to a type without a binary form here keeps the table in text.
        let overridden = COPYRowEncoder.make(
            sources: [ColumnType(kind: .int)], destinationTypes: ["numeric"], zeroDateAsNull: true, allowBinary: true)
        #expect(!overridden.isBinary)
    }

    private static func sqlState(in reason: String) -> String {
        guard let range = reason.range(of: "SQLSTATE ") else { return reason.contains("TINYINT(1)") ? "tide" : "?" }
        return String(reason[range.upperBound...].prefix(5))
    }
}

/// The parsing behind the binary form, against known values and PostgreSQL's own rules.
@Suite struct InterchangeBinaryTests {
    private func parse<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        Array(text.utf8).withUnsafeBytes(body)
    }

    @Test func integersAreExactAndStrict() {
        #expect(parse("0", InterchangeBinary.integer) == 0)
        #expect(parse("-12", InterchangeBinary.integer) == -12)
        #expect(parse("9223372036854775807", InterchangeBinary.integer) == Int64.max)
        #expect(parse("-9223372036854775808", InterchangeBinary.integer) == Int64.min)
        #expect(parse("9223372036854775808", InterchangeBinary.integer) == nil)
        #expect(parse("18446744073709551615", InterchangeBinary.integer) == nil)
        for bad in ["", "-", "1.5", "12a", " 1", "1e3", "--1"] {
            #expect(parse(bad, InterchangeBinary.integer) == nil, "\(bad)")
        }
        #expect(InterchangeBinary.fits(32767, width: 2) && !InterchangeBinary.fits(32768, width: 2))
        #expect(InterchangeBinary.fits(-2_147_483_648, width: 4) && !InterchangeBinary.fits(2_147_483_648, width: 4))
    }

    @Test func datesCountDaysFromTheYear2000() {
        // Values from PostgreSQL: SELECT date 'X' - date '2000-01-01'.
        let known: [(String, Int32)] = [
            ("2000-01-01", 0), ("1970-01-01", -10_957), ("0001-01-01", -730_119), ("9999-12-31", 2_921_939),
            ("2024-02-29", 8_825), ("1900-03-01", -36_465),
        ]
        for (text, days) in known {
            #expect(parse(text, InterchangeBinary.postgresDays) == days, "\(text)")
        }
        for bad in ["0000-01-01", "2023-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "2024-1-01", "20240101xx"] {
            #expect(parse(bad, InterchangeBinary.postgresDays) == nil, "\(bad)")
        }
    }

    @Test func daysAgreeWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var components = DateComponents(year: 1583, month: 1, day: 1)
        var date = try #require(calendar.date(from: components))
        while components.year ?? 0 < 9999 {
            components = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
            let actual = InterchangeBinary.daysFromCivil(
                year: Int64(components.year ?? 0), month: Int64(components.month ?? 0), day: Int64(components.day ?? 0))
            #expect(actual == expected)
            if actual != expected { break }
            date += 86_400 * 13
        }
    }

    @Test func numericsAreBase10000DigitsGroupedFromThePoint() {
        func words(_ text: String) -> [Int16]? {
            var output = [UInt8](repeating: 0, count: 64)
            let end = output.withUnsafeMutableBytes { target in
                parse(text) { InterchangeBinary.writeNumeric($0, at: target.baseAddress!, 0) }
            }
            guard let end else { return nil }
            return stride(from: 0, to: end, by: 2).map { Int16(bitPattern: UInt16(output[$0]) << 8 | UInt16(output[$0 + 1])) }
        }
        // ndigits, weight, sign, dscale, digits...
        #expect(words("-12.5") == [2, 0, 0x4000, 1, 12, 5000])
        #expect(words("123456789.01") == [4, 2, 0, 2, 1, 2345, 6789, 100])
        #expect(words("0.00001") == [3, 0, 0, 5, 0, 0, 1000])
        #expect(words(".5") == [1, -1, 0, 1, 5000])
        #expect(words("7") == [1, 0, 0, 0, 7])
        for bad in ["", "-", ".", "1.2.3", "1e5", "12a"] {
            #expect(words(bad) == nil, "\(bad)")
        }
    }

    @Test func timestampsCountMicrosecondsFromTheYear2000() {
        #expect(parse("2000-01-01 00:00:00", InterchangeBinary.postgresMicroseconds) == 0)
        #expect(parse("2000-01-01 00:00:01.5", InterchangeBinary.postgresMicroseconds) == 1_500_000)
        #expect(parse("1999-12-31 23:59:59.999999", InterchangeBinary.postgresMicroseconds) == -1)
        #expect(parse("1970-01-01 00:00:00", InterchangeBinary.postgresMicroseconds) == -946_684_800_000_000)
        #expect(parse("2000-01-01 24:00:00", InterchangeBinary.postgresMicroseconds) == 86_400_000_000)
        for bad in ["2000-01-01", "2000-01-01 24:00:01", "2000-01-01 24:00:00.5", "2000-01-01 00:60:00", "2000-01-01 00:00:00.",
                    "2000-01-01 00:00:00.1234567", "2000-01-01T00:00:00", "2000-02-30 00:00:00"] {
            #expect(parse(bad, InterchangeBinary.postgresMicroseconds) == nil, "\(bad)")
        }
    }
}
