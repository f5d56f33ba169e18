/// One MariaDB GTID, `domain-server-sequence` (MariaDB KB "Global Transaction ID").
public struct MariaDBGTID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Replication domain.
    public var domainID: UInt32
    /// Server that wrote the transaction.
    public var serverID: UInt32
    /// Sequence number within the domain.
    public var sequence: UInt64

    /// The memberwise initialiser.
    public init(domainID: UInt32, serverID: UInt32, sequence: UInt64) {
        self.domainID = domainID
        self.serverID = serverID
        self.sequence = sequence
    }

    /// Parses `d-s-n`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let domain = UInt32(parts[0]), let server = UInt32(parts[1]),
            let sequence = UInt64(parts[2])
        else { return nil }
        self.init(domainID: domain, serverID: server, sequence: sequence)
    }

    public var description: String { "\(domainID)-\(serverID)-\(sequence)" }
}

/// A MariaDB GTID position: the last GTID applied per replication domain (the form of `gtid_slave_pos`,
/// `@slave_connect_state`: `0-1-8,1-2-40`).
public struct MariaDBGTIDSet: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The last GTID per domain.
    public private(set) var byDomain: [UInt32: MariaDBGTID]

    /// The empty position.
    public init() { byDomain = [:] }

    /// Creates a position from GTIDs; for a repeated domain the highest sequence wins.
    public init(_ gtids: [MariaDBGTID]) {
        self.init()
        for gtid in gtids { insert(gtid) }
    }

    /// Parses the comma-separated text form (empty text is the empty set).
    public init?(_ text: String) {
        self.init()
        for part in text.split(separator: ",") {
            guard let gtid = MariaDBGTID(part.trimmingWhitespace()) else { return nil }
            insert(gtid)
        }
    }

    /// Records a GTID: it replaces the domain's entry when its sequence is not lower.
    public mutating func insert(_ gtid: MariaDBGTID) {
        if let current = byDomain[gtid.domainID], current.sequence > gtid.sequence { return }
        byDomain[gtid.domainID] = gtid
    }

    /// The union: per domain, the higher sequence.
    public func union(_ other: MariaDBGTIDSet) -> MariaDBGTIDSet {
        var result = self
        for gtid in other.byDomain.values { result.insert(gtid) }
        return result
    }

    /// True when `gtid` is at or before this position in its domain.
    public func contains(_ gtid: MariaDBGTID) -> Bool {
        guard let current = byDomain[gtid.domainID] else { return false }
        return gtid.sequence <= current.sequence
    }

    /// The text form, sorted by domain.
    public var description: String {
        byDomain.keys.sorted().compactMap { byDomain[$0]?.description }.joined(separator: ",")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let set = MariaDBGTIDSet(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad GTID list"))
        }
        self = set
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
