import NIOCore

/// One column of a text result set.
///
/// MySQL Client/Server Protocol, "Protocol::ColumnDefinition41".
public struct ColumnDefinition41: Hashable, Sendable {
    /// Schema name.
    public var schema: String
    /// Table alias.
    public var table: String
    /// Original table name.
    public var orgTable: String
    /// Column alias.
    public var name: String
    /// Original column name.
    public var orgName: String
    /// Collation id (63 = binary).
    public var characterSet: UInt16
    /// Maximum display length.
    public var columnLength: UInt32
    /// The field type (`MYSQL_TYPE_*`).
    public var columnType: UInt8
    /// Column flags (NOT_NULL = 1, UNSIGNED = 32, BINARY = 128 ...).
    public var flags: UInt16
    /// Digits after the decimal point.
    public var decimals: UInt8

    /// Creates a definition.
    public init(
        schema: String = "", table: String = "", orgTable: String = "", name: String, orgName: String = "",
        characterSet: UInt16 = 45, columnLength: UInt32 = 0, columnType: UInt8, flags: UInt16 = 0, decimals: UInt8 = 0
    ) {
        self.schema = schema
        self.table = table
        self.orgTable = orgTable
        self.name = name
        self.orgName = orgName
        self.characterSet = characterSet
        self.columnLength = columnLength
        self.columnType = columnType
        self.flags = flags
        self.decimals = decimals
    }

    /// Whether the column is UNSIGNED.
    public var isUnsigned: Bool { flags & 0x20 != 0 }
    /// Whether the column holds binary data (collation 63).
    public var isBinary: Bool { characterSet == 63 }

    /// Decodes a definition from a packet payload.
    public static func decode(_ payload: ByteBuffer) throws -> ColumnDefinition41 {
        var buffer = payload
        func string(_ field: String) throws -> String {
            guard let value = buffer.readLengthEncodedString() else {
                throw MySQLWireError(.truncated, message: "ColumnDefinition41", detail: field)
            }
            return value
        }
        guard try string("catalog") == "def" else {
            throw MySQLWireError(.malformed, message: "ColumnDefinition41", detail: "catalog is not 'def'")
        }
        let schema = try string("schema")
        let table = try string("table")
        let orgTable = try string("org_table")
        let name = try string("name")
        let orgName = try string("org_name")
        guard buffer.readLengthEncodedInteger() != nil, let charset = buffer.readMySQLInteger(as: UInt16.self),
            let length = buffer.readMySQLInteger(as: UInt32.self), let type = buffer.readInteger(as: UInt8.self),
            let flags = buffer.readMySQLInteger(as: UInt16.self), let decimals = buffer.readInteger(as: UInt8.self)
        else { throw MySQLWireError(.truncated, message: "ColumnDefinition41", detail: "fixed fields") }
        return ColumnDefinition41(
            schema: schema, table: table, orgTable: orgTable, name: name, orgName: orgName, characterSet: charset,
            columnLength: length, columnType: type, flags: flags, decimals: decimals)
    }

    /// Encodes the definition (used by tests).
    public func encode() -> ByteBuffer {
        var buffer = ByteBuffer()
        for s in ["def", schema, table, orgTable, name, orgName] { buffer.writeLengthEncodedBytes(Array(s.utf8)) }
        buffer.writeLengthEncodedInteger(0x0C)
        buffer.writeMySQLInteger(characterSet)
        buffer.writeMySQLInteger(columnLength)
        buffer.writeInteger(columnType)
        buffer.writeMySQLInteger(flags)
        buffer.writeInteger(decimals)
        buffer.writeMySQLInteger(UInt16(0))
        return buffer
    }
}
