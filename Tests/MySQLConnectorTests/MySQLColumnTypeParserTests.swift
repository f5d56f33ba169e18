@testable import MySQLSource
import SyncEngine
import Testing

@Suite struct MySQLColumnTypeParserTests {
    private func parse(_ text: String, _ dataType: String = "", length: Int64? = nil, json: Bool = false) throws -> ColumnType {
        try MySQLColumnTypeParser.parse(columnType: text, dataType: dataType, characterMaximumLength: length, isJSON: json)
    }

    @Test func integersKeepWidthAndSignedness() throws {
        let tiny = try parse("tinyint(1)")
        #expect(tiny.kind == .tinyInt && tiny.length == 1 && !tiny.isUnsigned)
        let big = try parse("bigint(20) unsigned zerofill")
        #expect(big.kind == .bigInt && big.length == 20 && big.isUnsigned)
        #expect(try parse("int unsigned").isUnsigned)
        #expect(try parse("mediumint(8)").kind == .mediumInt)
        #expect(try parse("year(4)").kind == .year)
    }

    @Test func decimalAndTemporalPrecision() throws {
        let decimal = try parse("decimal(65,30)")
        #expect(decimal.kind == .decimal && decimal.precision == 65 && decimal.scale == 30)
        #expect(try parse("datetime(6)").fractionalDigits == 6)
        #expect(try parse("time(3)").kind == .time && parse("time(3)").fractionalDigits == 3)
        #expect(try parse("timestamp").fractionalDigits == 0)
        #expect(try parse("float").kind == .float)
        #expect(try parse("double(10,2)").kind == .double)
    }

    @Test func lengthsOfStringsBinaryAndBit() throws {
        #expect(try parse("bit(12)").length == 12)
        #expect(try parse("char(10)").length == 10)
        #expect(try parse("varchar(300)").kind == .varchar && parse("varchar(300)").length == 300)
        #expect(try parse("binary(16)").kind == .binary)
        #expect(try parse("varbinary(255)").length == 255)
        #expect(try parse("mediumtext", length: 16_777_215).length == 16_777_215)
        #expect(try parse("longblob").kind == .blob)
        #expect(try parse("tinytext").kind == .text)
    }

    @Test func enumAndSetMembersUnescaped() throws {
        let kind = try parse("enum('a','b''c','x,y',' sp')")
        #expect(kind.kind == .enum)
        #expect(kind.members == ["a", "b'c", "x,y", " sp"])
        #expect(try parse("set('r','g','b')").members == ["r", "g", "b"])
        #expect(try parse("enum('a\\\\b')").members == ["a\\b"])
    }

    @Test func jsonGeometryAndSourceText() throws {
        #expect(try parse("json", "json").kind == .json)
        #expect(try parse("longtext", "longtext", json: true).kind == .json)
        for name in ["geometry", "point", "linestring", "polygon", "multipoint", "multipolygon", "geometrycollection"] {
            #expect(try parse(name).kind == .geometry)
        }
        #expect(try parse("int(10) unsigned").sourceTypeText == "int(10) unsigned")
    }

    @Test func unknownTypeIsAConfigurationError() {
        #expect(throws: SyncEngineError.self) { try parse("vector(3)") }
    }
}
