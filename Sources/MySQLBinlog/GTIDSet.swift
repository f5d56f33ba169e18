import NIOCore

/// A MySQL GTID set: for each source UUID, a sorted list of disjoint closed intervals of transaction
/// numbers (MySQL manual, "GTID Format and Storage": `uuid:1-5:7,uuid2:3`).
public struct GTIDSet: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A closed interval of transaction numbers.
    public struct Interval: Hashable, Sendable, Codable {
        /// First number (inclusive).
        public var start: Int64
        /// Last number (inclusive).
        public var end: Int64

        /// Creates an interval; `start` must be <= `end`.
        public init(_ start: Int64, _ end: Int64) {
            self.start = start
            self.end = end
        }
    }

    /// Intervals per source UUID, each list sorted and merged.
    public private(set) var intervals: [UUIDBytes: [Interval]]

    /// The empty set.
    public init() { intervals = [:] }

    /// Parses the text form. Returns nil on malformed text.
    public init?(_ text: String) {
        self.init()
        for part in text.split(separator: ",") {
            let fields = part.trimmingWhitespace().split(separator: ":")
            guard fields.count >= 2, let uuid = UUIDBytes(fields[0]) else { return nil }
            for range in fields.dropFirst() {
                let bounds = range.split(separator: "-")
                guard bounds.count == 1 || bounds.count == 2, let start = Int64(bounds[0]),
                    let end = Int64(bounds[bounds.count - 1]), start >= 1, start <= end
                else { return nil }
                insert(uuid, Interval(start, end))
            }
        }
    }

    /// True when no GTID is in the set.
    public var isEmpty: Bool { intervals.isEmpty }

    /// Adds one GTID.
    public mutating func insert(_ uuid: UUIDBytes, _ number: Int64) {
        insert(uuid, Interval(number, number))
    }

    /// Adds an interval, merging with adjacent and overlapping ones.
    public mutating func insert(_ uuid: UUIDBytes, _ interval: Interval) {
        var list = intervals[uuid] ?? []
        list.append(interval)
        list.sort { $0.start < $1.start }
        var merged: [Interval] = []
        for item in list {
            if let last = merged.last, item.start <= last.end &+ 1 {
                merged[merged.count - 1].end = max(last.end, item.end)
            } else {
                merged.append(item)
            }
        }
        intervals[uuid] = merged
    }

    /// The union of two sets.
    public func union(_ other: GTIDSet) -> GTIDSet {
        var result = self
        for (uuid, list) in other.intervals {
            for interval in list { result.insert(uuid, interval) }
        }
        return result
    }

    /// True when the GTID is in the set.
    public func contains(_ uuid: UUIDBytes, _ number: Int64) -> Bool {
        intervals[uuid]?.contains { $0.start <= number && number <= $0.end } ?? false
    }

    /// True when every GTID of `other` is in this set.
    public func contains(_ other: GTIDSet) -> Bool {
        other.intervals.allSatisfy { uuid, list in
            list.allSatisfy { item in
                intervals[uuid]?.contains { $0.start <= item.start && item.end <= $0.end } ?? false
            }
        }
    }

    /// The text form, UUIDs sorted, as MySQL prints `gtid_executed`.
    public var description: String {
        intervals.keys.sorted().map { uuid in
            let ranges = (intervals[uuid] ?? []).map { $0.start == $0.end ? "\($0.start)" : "\($0.start)-\($0.end)" }
            return "\(uuid):" + ranges.joined(separator: ":")
        }.joined(separator: ",")
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let set = GTIDSet(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad GTID set"))
        }
        self = set
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes the binary form of PREVIOUS_GTIDS (`Gtid_set::encode`: count, then per SID 16 bytes, interval
    /// count, and [start, end) pairs as 8-byte little-endian integers).
    static func decodeBinary(_ buffer: inout ByteBuffer) throws(MySQLBinlogError) -> GTIDSet {
        var set = GTIDSet()
        let count = try buffer.readLE(UInt64.self, "sid count")
        guard count <= UInt64(buffer.readableBytes / 24) else { throw .truncated("gtid set") }
        for _ in 0..<count {
            let uuid = try UUIDBytes.read(&buffer)
            let intervalCount = try buffer.readLE(UInt64.self, "interval count")
            guard intervalCount <= UInt64(buffer.readableBytes / 16) else { throw .truncated("gtid intervals") }
            for _ in 0..<intervalCount {
                let start = try buffer.readLE(Int64.self, "interval start")
                let end = try buffer.readLE(Int64.self, "interval end")
                guard start >= 1, end > start else { throw .malformed("gtid interval \(start)..<\(end)") }
                set.insert(uuid, Interval(start, end - 1))
            }
        }
        return set
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
