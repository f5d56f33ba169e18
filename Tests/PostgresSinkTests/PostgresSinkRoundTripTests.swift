import Foundation
import NIOCore
import PostgresSink
import SyncEngine
import Testing

/// Every ColumnType kind and its edge values, written with `writeChunk` and read back with `readOrdered`.
@Suite(.enabled(if: PostgresTestSupport.isEnabled, "set TIDE_TEST_PG=postgres://user:pass@host:port/db"))
struct PostgresSinkRoundTripTests {
    private typealias Support = PostgresTestSupport

    /// The columns: one per kind (several for the edge cases), the key first.
    static let columns: [ColumnSchema] = [
        ColumnSchema(name: "id", type: ColumnType(kind: .bigInt, sourceTypeText: "bigint(20)"), isNullable: false),
        ColumnSchema(name: "c_tinyint", type: ColumnType(kind: .tinyInt, length: 4, sourceTypeText: "tinyint(4)")),
        ColumnSchema(name: "c_tinyint1", type: ColumnType(kind: .tinyInt, length: 1, sourceTypeText: "tinyint(1)")),
        ColumnSchema(name: "c_utinyint", type: ColumnType(kind: .tinyInt, isUnsigned: true, length: 3)),
        ColumnSchema(name: "c_smallint_u", type: ColumnType(kind: .smallInt, isUnsigned: true)),
        ColumnSchema(name: "c_mediumint", type: ColumnType(kind: .mediumInt)),
        ColumnSchema(name: "c_int", type: ColumnType(kind: .int)),
        ColumnSchema(name: "c_int_u", type: ColumnType(kind: .int, isUnsigned: true)),
        ColumnSchema(name: "c_bigint", type: ColumnType(kind: .bigInt)),
        ColumnSchema(name: "c_bigint_u", type: ColumnType(kind: .bigInt, isUnsigned: true)),
        ColumnSchema(name: "c_decimal", type: ColumnType(kind: .decimal, precision: 65, scale: 30)),
        ColumnSchema(name: "c_float", type: ColumnType(kind: .float)),
        ColumnSchema(name: "c_double", type: ColumnType(kind: .double)),
        ColumnSchema(name: "c_bit1", type: ColumnType(kind: .bit, length: 1)),
        ColumnSchema(name: "c_bit64", type: ColumnType(kind: .bit, length: 64)),
        ColumnSchema(name: "c_date", type: ColumnType(kind: .date)),
        ColumnSchema(name: "c_time", type: ColumnType(kind: .time)),
        ColumnSchema(name: "c_time6", type: ColumnType(kind: .time, fractionalDigits: 6)),
        ColumnSchema(name: "c_datetime6", type: ColumnType(kind: .datetime, fractionalDigits: 6)),
        ColumnSchema(name: "c_timestamp", type: ColumnType(kind: .timestamp)),
        ColumnSchema(name: "c_year", type: ColumnType(kind: .year)),
        ColumnSchema(name: "c_char", type: ColumnType(kind: .char, length: 10)),
        ColumnSchema(name: "c_varchar", type: ColumnType(kind: .varchar, length: 300)),
        ColumnSchema(name: "c_text", type: ColumnType(kind: .text, sourceTypeText: "mediumtext")),
        ColumnSchema(name: "c_binary", type: ColumnType(kind: .binary, length: 4)),
        ColumnSchema(name: "c_varbinary", type: ColumnType(kind: .varbinary, length: 10)),
        ColumnSchema(name: "c_blob", type: ColumnType(kind: .blob)),
        ColumnSchema(name: "c_enum", type: ColumnType(kind: .enum, members: ["a", "b"])),
        ColumnSchema(name: "c_set", type: ColumnType(kind: .set, members: ["a", "b", "c"])),
        ColumnSchema(name: "c_json", type: ColumnType(kind: .json)),
        ColumnSchema(name: "c_geometry", type: ColumnType(kind: .geometry)),
    ]

    /// A row: `text` values are UTF-8, `bytes` raw.
    enum Value {
        case text(String)
        case bytes([UInt8])
        case null

        var buffer: ByteBuffer? {
            switch self {
            case .text(let string): ByteBuffer(string: string)
            case .bytes(let bytes): ByteBuffer(bytes: bytes)
            case .null: nil
            }
        }
    }

    static let point: [UInt8] =
        [0xE6, 0x10, 0, 0, 0x01, 0x01, 0, 0, 0] + [UInt8](repeating: 0, count: 7) + [0xF0, 0x3F]
        + [UInt8](repeating: 0, count: 6) + [0x00, 0x40]

    /// Input rows and the values expected back (equal except where a documented rule applies).
    static let cases: [(input: [Value], expected: [Value])] = {
        let maximum: [Value] = [
            .text("1"), .text("-128"), .text("1"), .text("255"), .text("65535"), .text("-8388608"),
            .text("-2147483648"), .text("4294967295"), .text("-9223372036854775808"), .text("18446744073709551615"),
            .text("-12345678901234567890123456789012345.123456789012345678901234567890"), .text("3.5"),
            .text("-1.25"), .bytes([0x01]), .bytes([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
            .text("9999-12-31"), .text("-838:59:59"), .text("838:59:59.000000"), .text("9999-12-31 23:59:59.999999"),
            .text("2038-01-19 03:14:07"), .text("2155"), .text("𝄞😀 éß"), .text(""), .text("tab\there\nnl\\bs\rcr"),
            .bytes([0x00, 0xFF, 0x00, 0x0A]), .bytes([0x5C, 0x09, 0x00]), .bytes(Array(0...255)), .text("b"),
            .text("a,c"), .text(#"{"a": 1, "b": [1, 2.5, "x\ty"], "ü": null}"#), .bytes(point),
        ]
        let minimum: [Value] = [
            .text("2"), .text("127"), .text("0"), .text("0"), .text("0"), .text("8388607"), .text("2147483647"),
            .text("0"), .text("9223372036854775807"), .text("0"), .text("0.000000000000000000000000000001"),
            .text("0"), .text("1e-300"), .bytes([0x00]), .bytes([0x80, 0, 0, 0, 0, 0, 0, 0x01]),
            .text("1000-01-01"), .text("00:00:00"), .text("-00:00:00.000001"), .text("1000-01-01 00:00:00.000000"),
            .text("1970-01-01 00:00:01"), .text("1901"), .text("x"), .text("😀"), .text("nul\u{0}inside\u{0}"),
            .bytes([0, 0, 0, 0]), .bytes([]), .bytes([0x00]), .text("a"), .text(""), .text("[]"), .bytes(point),
        ]
        var nulls: [Value] = [.text("3")] + Array(repeating: .null, count: columns.count - 1)
        nulls[15] = .text("0000-00-00")
        nulls[18] = .text("0000-00-00 00:00:00.000000")
        nulls[19] = .text("2024-00-05 10:00:00")
        var minimumExpected = minimum
        minimumExpected[23] = .text("nulinside")
        let nullsExpected: [Value] = [.text("3")] + Array(repeating: .null, count: columns.count - 1)
        return [(maximum, maximum), (minimum, minimumExpected), (nulls, nullsExpected)]
    }()

    static func plan(schema: String, table: String = "all_types") -> TablePlan {
        let source = TableSchema(name: TableName(schema: "src", name: table), columns: columns, keyColumns: ["id"])
        return TablePlan(source: source, destination: TableName(schema: schema, name: table))
    }

    @Test func everyTypeRoundTripsValueByValue() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let plan = Self.plan(schema: schema)
            let options = SinkOptions()
            try await sink.prepare([plan], options: options, fresh: true)
            let checkpoint = ChunkCheckpoint(
                taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
            let rows = Self.cases.map { Row(values: $0.input.map(\.buffer)) }
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: checkpoint, rows: rows, batchRows: 2)
            #expect(result.dirty == [])
            #expect(result.rowsWritten == 3)
            let back = try await Support.readBack(sink, plan: plan, limits: BatchLimits(rows: 2))
            #expect(back.count == Self.cases.count)
            for (index, (row, testCase)) in zip(back, Self.cases).enumerated() {
                for (column, (actual, expected)) in zip(Self.columns, zip(row.values, testCase.expected)) {
                    #expect(actual == expected.buffer, "row \(index) column \(column.name)")
                }
            }
            let types = try await inspector.texts(
                """
                SELECT column_name::text, data_type::text FROM information_schema.columns \
                WHERE table_schema = '\(schema)' AND column_name IN ('c_bigint_u', 'c_time', 'c_timestamp', 'c_json') \
                ORDER BY column_name
                """
            )
            #expect(
                types == [
                    ["c_bigint_u", "numeric"], ["c_json", "jsonb"], ["c_time", "interval"],
                    ["c_timestamp", "timestamp with time zone"],
                ])
            let stored = try await inspector.texts(
                "SELECT c_timestamp::text, c_bit64::text FROM \(Support.quoted(schema)).all_types WHERE id = 2"
            )
            #expect(stored == [["1970-01-01 00:00:01+00", "1" + String(repeating: "0", count: 62) + "1"]])
        }
    }

    @Test func tinyIntOneAsBooleanRoundTripsAndRefusesOtherValues() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let source = TableSchema(
                name: TableName(schema: "src", name: "flags"),
                columns: [
                    ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                    ColumnSchema(
                        name: "flag", type: ColumnType(kind: .tinyInt, length: 1, sourceTypeText: "tinyint(1)")),
                ],
                keyColumns: ["id"]
            )
            let plan = TablePlan(source: source, destination: TableName(schema: schema, name: "flags"))
            let options = SinkOptions(tinyInt1AsBoolean: true)
            try await sink.prepare([plan], options: options, fresh: true)
            let rows = [["1", "0"], ["2", "1"], ["3", "2"], ["4", nil]].map(Support.row)
            let checkpoint = ChunkCheckpoint(
                taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: checkpoint, rows: rows)
            #expect(result.rowsWritten == 3)
            #expect(result.dirty.map(\.key) == [["3"]])
            let stored = try await inspector.texts(
                "SELECT id::text, flag::text FROM \(Support.quoted(schema)).flags ORDER BY id")
            #expect(stored == [["1", "false"], ["2", "true"], ["4", nil]])
            let back = try await Support.readBack(sink, plan: plan)
            #expect(back == [["1", "0"], ["2", "1"], ["4", nil]].map(Support.row))
        }
    }

    @Test func zeroDatesAreDirtyWhenNotMappedToNull() async throws {
        let schema = Support.uniqueSchema()
        try await Support.withSink(schemas: [schema]) { sink, inspector in
            let source = TableSchema(
                name: TableName(schema: "src", name: "dates"),
                columns: [
                    ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                    ColumnSchema(name: "d", type: ColumnType(kind: .date)),
                    ColumnSchema(name: "dt", type: ColumnType(kind: .datetime)),
                ],
                keyColumns: ["id"]
            )
            let plan = TablePlan(source: source, destination: TableName(schema: schema, name: "dates"))
            let options = SinkOptions(zeroDateAsNull: false)
            try await sink.prepare([plan], options: options, fresh: true)
            let rows = [
                ["1", "2024-02-29", "2024-02-29 12:00:00"], ["2", "0000-00-00", "2024-01-01 00:00:00"],
                ["3", "2024-01-01", "0000-00-00 00:00:00"], ["4", nil, nil],
            ].map(Support.row)
            let checkpoint = ChunkCheckpoint(
                taskUUID: UUID().uuidString, generation: 1, tableKey: plan.tableKey, chunkIndex: 0, rows: 0)
            let result = try await Support.writeChunk(
                sink, plan: plan, options: options, checkpoint: checkpoint, rows: rows)
            #expect(result.rowsWritten == 2)
            #expect(result.dirty.map(\.key) == [["2"], ["3"]])
            #expect(result.dirty.allSatisfy { $0.reason.contains("zero date") && $0.table == "src.dates" })
            let stored = try await inspector.texts(
                "SELECT id::text, d::text, dt::text FROM \(Support.quoted(schema)).dates ORDER BY id")
            #expect(stored == [["1", "2024-02-29", "2024-02-29 12:00:00"], ["4", nil, nil]])
        }
    }
}
