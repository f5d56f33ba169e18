import Crypto

/// The MAC and digest primitives of the three schemes.
enum SignatureMAC {
    /// Lower-case hex SHA-256 of `bytes` (ACS3 and SDK-HMAC-SHA256 payload and canonical-request hashes).
    static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return HexEncoding.encode(hasher.finalize())
    }

    /// The MAC of `stringToSign` under `secret` as `scheme` defines it: HMAC-SHA256 keyed by the secret (ACS3,
    /// SDK-HMAC-SHA256), or HMAC-SHA1 keyed by `secret + "&"` (RPC v1).
    static func mac(_ scheme: SignatureScheme, secret: AccessKeySecret, stringToSign: [UInt8]) -> [UInt8] {
        switch scheme {
        case .acs3HMACSHA256, .sdkHMACSHA256:
            let key = SymmetricKey(data: secret.utf8)
            return Array(HMAC<SHA256>.authenticationCode(for: stringToSign, using: key))
        case .rpcV1HMACSHA1:
            let key = SymmetricKey(data: secret.utf8 + [UInt8(ascii: "&")])
            return Array(HMAC<Insecure.SHA1>.authenticationCode(for: stringToSign, using: key))
        }
    }
}

/// ASCII whitespace trimming, as Python's `str.strip()` does for header values.
enum HeaderText {
    /// `text` without leading and trailing spaces, tabs, CR, LF, VT and FF.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// The canonical header lines `name:value\n` for `names` (lower case, in the given order). Repeated headers
    /// contribute their trimmed values sorted and joined with `,`.
    static func canonicalHeaders(_ request: SignedRequest, names: [String]) -> String {
        var text = ""
        for name in names {
            let values = request.headerValues(name).map(trimmed).sorted()
            text += name + ":" + values.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Splits an Authorization parameter list such as `Credential=a,SignedHeaders=b,Signature=c` (separators with
    /// optional spaces) into a dictionary; nil when a part has no `=` or a key repeats.
    static func parameters(_ text: Substring) -> [String: String]? {
        var result: [String: String] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let item = trimmed(String(part))
            guard let equals = item.firstIndex(of: "=") else { return nil }
            let key = String(item[..<equals])
            guard result[key] == nil else { return nil }
            result[key] = String(item[item.index(after: equals)...])
        }
        return result
    }
}
