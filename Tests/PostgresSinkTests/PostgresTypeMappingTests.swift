import Testing

@testable import PostgresSink
@testable import SyncEngine

@Suite struct PostgresTypeMappingTests {
    private func mapped(_ type: ColumnType, _ options: SinkOptions = SinkOptions()) -> String {
        PostgresTypeMapping.destinationType(for: type, options: options)
    }

    @Test func columnDefaultsBecomeTypedConstantsOnlyWhereTheTextMeansTheSame() {
        func value(_ literal: String, _ type: ColumnType, _ options: SinkOptions = SinkOptions()) -> String? {
            PostgresTypeMapping.defaultValue(literal, for: type, options: options)
        }
        #expect(value("7", ColumnType(kind: .int)) == "'7'::integer")
        #expect(value("-1.50", ColumnType(kind: .decimal, precision: 10, scale: 2)) == "'-1.50'::numeric(10,2)")
        #expect(value("18446744073709551615", ColumnType(kind: .bigInt, isUnsigned: true))
            == "'18446744073709551615'::numeric(20)")
        #expect(value("1.5e3", ColumnType(kind: .double)) == "'1.5e3'::double precision")
        #expect(value("it's", ColumnType(kind: .varchar, length: 20)) == "'it''s'::varchar(20)")
        #expect(value("", ColumnType(kind: .text)) == "''::text")
        #expect(value("b", ColumnType(kind: .enum, members: ["a", "b"])) == "'b'::text")
        #expect(value("2024-02-29 12:00:00.250000", ColumnType(kind: .datetime, fractionalDigits: 6))
            == "'2024-02-29 12:00:00.250000'::timestamp(6)")
        #expect(value("2024-02-29", ColumnType(kind: .date)) == "'2024-02-29'::date")
        let boolean = SinkOptions(tinyInt1AsBoolean: true)
        #expect(value("1", ColumnType(kind: .tinyInt, length: 1), boolean) == "'1'::boolean")
        // Left to the copy: values PostgreSQL would read differently or refuse.
        #expect(value("5", ColumnType(kind: .tinyInt, length: 1), boolean) == nil)
        #expect(value("0000-00-00 00:00:00", ColumnType(kind: .datetime)) == nil)
        #expect(value("2024-00-10", ColumnType(kind: .date)) == nil)
        #expect(value("2024-01-01 00:00:00", ColumnType(kind: .timestamp)) == nil)
        #expect(value("b'101'", ColumnType(kind: .bit, length: 3)) == nil)
        #expect(value("12:00:00", ColumnType(kind: .time)) == nil)
        #expect(value("0x00", ColumnType(kind: .varbinary)) == nil)
        #expect(value("{}", ColumnType(kind: .json)) == nil)
        #expect(value("1; DROP TABLE t", ColumnType(kind: .int)) == nil)
        #expect(value("a\u{0}b", ColumnType(kind: .text)) == nil)
        #expect(value("7", ColumnType(kind: .int), SinkOptions(typeOverrides: ["int": "text"])) == nil)
    }

    @Test func mapsEveryKindByDefault() {
        #expect(mapped(ColumnType(kind: .tinyInt, length: 4)) == "smallint")
        #expect(mapped(ColumnType(kind: .tinyInt, length: 1)) == "smallint")
        #expect(mapped(ColumnType(kind: .tinyInt, length: 1), SinkOptions(tinyInt1AsBoolean: true)) == "boolean")
        #expect(mapped(ColumnType(kind: .tinyInt, length: 3), SinkOptions(tinyInt1AsBoolean: true)) == "smallint")
        #expect(mapped(ColumnType(kind: .smallInt)) == "smallint")
        #expect(mapped(ColumnType(kind: .smallInt, isUnsigned: true)) == "integer")
        #expect(mapped(ColumnType(kind: .mediumInt, isUnsigned: true)) == "integer")
        #expect(mapped(ColumnType(kind: .int)) == "integer")
        #expect(mapped(ColumnType(kind: .int, isUnsigned: true)) == "bigint")
        #expect(mapped(ColumnType(kind: .bigInt)) == "bigint")
        #expect(mapped(ColumnType(kind: .bigInt, isUnsigned: true)) == "numeric(20)")
        #expect(mapped(ColumnType(kind: .decimal, precision: 65, scale: 30)) == "numeric(65,30)")
        #expect(mapped(ColumnType(kind: .float)) == "real")
        #expect(mapped(ColumnType(kind: .double)) == "double precision")
        #expect(mapped(ColumnType(kind: .bit, length: 64)) == "bit varying(64)")
        #expect(mapped(ColumnType(kind: .date)) == "date")
        #expect(mapped(ColumnType(kind: .time, fractionalDigits: 6)) == "interval")
        #expect(mapped(ColumnType(kind: .datetime, fractionalDigits: 6)) == "timestamp(6)")
        #expect(mapped(ColumnType(kind: .timestamp)) == "timestamptz(0)")
        #expect(mapped(ColumnType(kind: .year)) == "smallint")
        #expect(mapped(ColumnType(kind: .char, length: 10)) == "varchar(10)")
        #expect(mapped(ColumnType(kind: .varchar, length: 300)) == "varchar(300)")
        #expect(mapped(ColumnType(kind: .text)) == "text")
        #expect(mapped(ColumnType(kind: .binary, length: 4)) == "bytea")
        #expect(mapped(ColumnType(kind: .varbinary)) == "bytea")
        #expect(mapped(ColumnType(kind: .blob)) == "bytea")
        #expect(mapped(ColumnType(kind: .enum, members: ["a"])) == "text")
        #expect(mapped(ColumnType(kind: .set, members: ["a"])) == "text")
        #expect(mapped(ColumnType(kind: .json)) == "jsonb")
        #expect(mapped(ColumnType(kind: .geometry)) == "bytea")
    }

    @Test func overridesMatchFullTypeTextThenBareNameCaseInsensitively() {
        let options = SinkOptions(typeOverrides: [
            "TINYINT(1) UNSIGNED": "boolean", "BigInt Unsigned": "text", "datetime": "timestamptz",
        ])
        #expect(
            mapped(
                ColumnType(kind: .tinyInt, isUnsigned: true, length: 1, sourceTypeText: "tinyint(1) unsigned"), options)
                == "boolean")
        #expect(
            mapped(ColumnType(kind: .bigInt, isUnsigned: true, sourceTypeText: "bigint(20) unsigned"), options)
                == "text")
        #expect(mapped(ColumnType(kind: .bigInt, sourceTypeText: "bigint(20)"), options) == "bigint")
        #expect(
            mapped(ColumnType(kind: .datetime, fractionalDigits: 3, sourceTypeText: "datetime(3)"), options)
                == "timestamptz")
    }

    @Test func quotesIdentifiersInCreateTable() {
        let schema = TableSchema(
            name: TableName(schema: "src", name: "order"),
            columns: [
                ColumnSchema(name: "select", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "we\"ird", type: ColumnType(kind: .varchar, length: 5)),
            ],
            keyColumns: ["select"]
        )
        let plan = TablePlan(
            source: schema, destination: TableName(schema: "名前", name: "order"),
            destinationColumns: ["select", "we\"ird"]
        )
        #expect(
            PostgresDDL.createTable(plan, options: SinkOptions())
                == #"CREATE TABLE IF NOT EXISTS "名前"."order" ("select" integer NOT NULL, "we""ird" varchar(5), PRIMARY KEY ("select"))"#
        )
        #expect(PostgresIdentifier.copyTableArgument(TableName(schema: "a\"b", name: "c")) == #"a""b"."c"#)
        #expect(
            PostgresDDL.mergeStaging(plan, mode: .replace)
                == #"INSERT INTO "名前"."order" ("select", "we""ird") SELECT "select", "we""ird" FROM "pg_temp"."_tide_staging" ON CONFLICT ("select") DO UPDATE SET "we""ird" = EXCLUDED."we""ird""#
        )
    }

    @Test func recognisesDestinationTypeFamilies() {
        #expect(PostgresTypeFamily(typeText: "timestamp(6) with time zone") == .timestampWithTimeZone)
        #expect(PostgresTypeFamily(typeText: "timestamptz(3)") == .timestampWithTimeZone)
        #expect(PostgresTypeFamily(typeText: "timestamp(6) without time zone") == .other)
        #expect(PostgresTypeFamily(typeText: "character varying(20)") == .character)
        #expect(PostgresTypeFamily(typeText: "bit varying(64)") == .bitString)
        #expect(PostgresTypeFamily(typeText: "bool") == .boolean)
    }
}
