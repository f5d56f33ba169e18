import NIOCore

/// Building SQL text safely for a session whose sql_mode has neither NO_BACKSLASH_ESCAPES nor ANSI_QUOTES
/// (MySQL Reference Manual 11.1.1 "String Literals", 11.1.4 "Hexadecimal Literals", 11.2 "Schema Object
/// Names"). Values are always written as literals with every special byte escaped, never spliced in raw.
public enum MySQLSQLText {
    /// `` `name` `` with embedded backticks doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "`" + name.split(separator: "`", omittingEmptySubsequences: false).joined(separator: "``") + "`"
    }

    /// `` `schema`.`table` ``.
    public static func quoteIdentifier(schema: String, table: String) -> String {
        quoteIdentifier(schema) + "." + quoteIdentifier(table)
    }

    /// A string literal `'...'` for text (used for names in information_schema queries).
    public static func stringLiteral(_ text: String) -> String {
        var buffer = ByteBuffer()
        appendStringLiteral(Array(text.utf8), to: &buffer)
        return String(buffer: buffer)
    }

    /// Appends `'...'` escaping NUL, `'`, `\`, newline, carriage return and Ctrl-Z.
    @inlinable
    public static func appendStringLiteral<Bytes: Collection>(_ bytes: Bytes, to buffer: inout ByteBuffer)
    where Bytes.Element == UInt8 {
        buffer.writeInteger(UInt8(ascii: "'"))
        for byte in bytes {
            switch byte {
            case 0: buffer.writeStaticString("\\0")
            case UInt8(ascii: "'"): buffer.writeStaticString("\\'")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case 0x1A: buffer.writeStaticString("\\Z")
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "'"))
    }

    /// Appends `X'hex'` (an empty value as `''`, since `X''` is an empty binary string too but reads oddly).
    @inlinable
    public static func appendHexLiteral<Bytes: Collection>(_ bytes: Bytes, to buffer: inout ByteBuffer)
    where Bytes.Element == UInt8 {
        buffer.writeStaticString("X'")
        for byte in bytes {
            buffer.writeInteger(hexDigit(byte >> 4))
            buffer.writeInteger(hexDigit(byte & 0x0F))
        }
        buffer.writeInteger(UInt8(ascii: "'"))
    }

    @usableFromInline
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Whether `bytes` is a plain decimal number literal (`-12`, `3.5`, `1e-5`, `-0.50`), safe to write unquoted.
    public static func isNumericLiteral<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        var digits = 0
        var seenDot = false
        var seenExponent = false
        var previous: UInt8 = 0
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard offset == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !seenDot, !seenExponent else { return false }
                seenDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !seenExponent, digits > 0 else { return false }
                seenExponent = true
            default: return false
            }
            previous = byte
        }
        return digits > 0 && previous != UInt8(ascii: "e") && previous != UInt8(ascii: "E")
            && previous != UInt8(ascii: "-") && previous != UInt8(ascii: "+")
    }
}
