/// JSON text helpers shared by the binary JSON decoder (and, within the package, by the MySQL change source's
/// position strings).
package enum JSONText {
    /// Appends `bytes` (UTF-8) as a quoted JSON string with the escapes MySQL uses.
    static func appendQuoted(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, to output: inout String) {
        appendQuoted(String(decoding: bytes, as: UTF8.self), to: &output)
    }

    /// Appends `text` as a quoted JSON string (RFC 8259 section 7): `"`, backslash and control characters escaped, the
    /// short forms where JSON has them, `/` and non-ASCII as they are (what `JSONEncoder` writes with
    /// `.withoutEscapingSlashes`).
    package static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + String(scalar.value, radix: 16).leftPadded(4)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// A double in MySQL's JSON text style: integral values keep ".0", exponents have no "+".
    static func double(_ value: Double) -> String {
        var text = "\(value)"
        text = text.replacingPlusExponent()
        return text
    }
}

extension String {
    fileprivate func replacingPlusExponent() -> String {
        guard let index = firstIndex(of: "+") else { return self }
        var copy = self
        copy.remove(at: index)
        return copy
    }
}

/// Standard Base64 (RFC 4648 §4) for opaque JSON values.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let first = UInt32(bytes[index])
            let second = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let third = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = first << 16 | second << 8 | third
            output.append(alphabet[Int(triple >> 18 & 63)])
            output.append(alphabet[Int(triple >> 12 & 63)])
            output.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            output.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
