/// A change-capture start position given by the user (a Tide extension of StartDIJob
/// `RealtimeStartSettings.StartPosition`, DRS batch-start `start_position`, `tide task start --position/--gtid`;
/// issue 5 item 4): a binlog file and offset, or a GTID set in MySQL or MariaDB form. Only the syntax is checked
/// here; the change source checks that the position exists and is a transaction boundary.
public enum StartPosition: Sendable, Hashable {
    /// `FILE:POS`, e.g. `mysql-bin.000012:1234`.
    case file(name: String, offset: UInt64)
    /// A MySQL GTID set, `uuid:1-5[:7-9][,uuid:...]`.
    case mysqlGTIDs(String)
    /// A MariaDB GTID position, `domain-server-seq[,...]`.
    case mariaDBGTIDs(String)

    /// What the accepted forms look like, for error messages.
    public static let accepted =
        "FILE:POS (mysql-bin.000012:1234), a MySQL GTID set (3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5)"
        + " or a MariaDB GTID position (0-1-42)"

    /// Parses `text` (surrounding white space ignored); nil when it has none of the accepted forms.
    public init?(parsing text: String) {
        let text = text.filter { !$0.isWhitespace }
        guard !text.isEmpty, text.count <= 4096 else { return nil }
        if Self.isMariaDBGTIDs(text) {
            self = .mariaDBGTIDs(text)
        } else if Self.isMySQLGTIDs(text) {
            self = .mysqlGTIDs(text)
        } else if let colon = text.lastIndex(of: ":") {
            let name = String(text[..<colon])
            let digits = text[text.index(after: colon)...]
            guard !name.isEmpty, !name.contains(":"), !name.contains("/"), name.count <= 512,
                !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let offset = UInt64(digits), offset >= 4
            else { return nil }
            self = .file(name: name, offset: offset)
        } else {
            return nil
        }
    }

    /// The text form (`FILE:POS` or the GTID set as given, without white space).
    public var text: String {
        switch self {
        case .file(let name, let offset): "\(name):\(offset)"
        case .mysqlGTIDs(let set), .mariaDBGTIDs(let set): set
        }
    }

    /// `d-s-n` items separated by commas, each number decimal.
    static func isMariaDBGTIDs(_ text: String) -> Bool {
        text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
            let parts = item.split(separator: "-", omittingEmptySubsequences: false)
            return parts.count == 3
                && parts.allSatisfy { !$0.isEmpty && $0.count <= 20 && $0.allSatisfy(\.isASCIIDigit) }
        }
    }

    /// `uuid:interval[:interval]` items separated by commas; an interval is `n` or `n-m`.
    static func isMySQLGTIDs(_ text: String) -> Bool {
        text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, isUUID(parts[0]) else { return false }
            return parts.dropFirst().allSatisfy { interval in
                let bounds = interval.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(bounds.count),
                    bounds.allSatisfy({ !$0.isEmpty && $0.count <= 19 && $0.allSatisfy(\.isASCIIDigit) })
                else { return false }
                return bounds.count == 1 || (UInt64(bounds[0]) ?? 0) <= (UInt64(bounds[1]) ?? 0)
            }
        }
    }

    /// `8-4-4-4-12` hexadecimal digits.
    static func isUUID(_ text: Substring) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
