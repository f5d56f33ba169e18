@testable import MySQLSink
import NIOCore
import SyncEngine
import Testing

@Suite struct MySQLStatementBuilderTests {
    private let schema = TableSchema(
        name: TableName(schema: "src", name: "t"),
        columns: [
            ColumnSchema(name: "id", type: ColumnType(kind: .bigInt, isUnsigned: true, sourceTypeText: "bigint(20) unsigned"), isNullable: false),
            ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 20, sourceTypeText: "varchar(20)"), isNullable: false),
            ColumnSchema(name: "raw", type: ColumnType(kind: .varbinary, sourceTypeText: "varbinary(8)")),
            ColumnSchema(name: "doc", type: ColumnType(kind: .json, sourceTypeText: "longtext")),
        ],
        keyColumns: ["id"])

    @Test func rowsAreWrittenAsTypedLiterals() {
        let plan = TablePlan(source: schema, destination: TableName(schema: "dst", name: "order"))
        let builder = MySQLInsertBuilder(plan: plan, mode: .insert)
        var buffer = ByteBuffer()
        builder.begin(&buffer)
        builder.append(Row(values: [ByteBuffer(string: "7"), ByteBuffer(string: "it's\n"), ByteBuffer(bytes: [0, 255]), nil]), first: true, to: &buffer)
        builder.append(Row(values: [ByteBuffer(string: "1 OR 1=1"), ByteBuffer(string: "\\"), nil, ByteBuffer(string: "{}")]), first: false, to: &buffer)
        builder.end(&buffer)
        #expect(
            String(buffer: buffer)
                == "INSERT INTO `dst`.`order` (`id`,`name`,`raw`,`doc`) VALUES (7,'it\\'s\\n',X'00ff',NULL),('1 OR 1=1','\\\\',NULL,'{}')")
    }

    @Test func writeModesChooseTheVerb() {
        let plan = TablePlan(source: schema, destination: TableName(schema: "dst", name: "t"))
        let row = Row(values: [ByteBuffer(string: "1"), ByteBuffer(string: "a"), nil, nil])
        #expect(String(buffer: MySQLInsertBuilder(plan: plan, mode: .replace).single(row)).hasPrefix("REPLACE INTO `dst`.`t`"))
        #expect(String(buffer: MySQLInsertBuilder(plan: plan, mode: .ignore).single(row)).hasSuffix(" ON DUPLICATE KEY UPDATE `id` = `id`"))
    }

    @Test func createTableFromSourceTypes() throws {
        let plan = TablePlan(
            source: schema, destination: TableName(schema: "dst", name: "t"),
            destinationColumns: ["id", "name", "raw", "doc"])
        #expect(
            try MySQLTableDDL.createTable(plan, options: SinkOptions(typeOverrides: ["bigint unsigned": "decimal(20,0)"]))
                == "CREATE TABLE IF NOT EXISTS `dst`.`t` (`id` decimal(20,0) NOT NULL, `name` varchar(20) NOT NULL,"
                + " `raw` varbinary(8) NULL, `doc` json NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
    }
}
