/// The result of comparing one source table with its destination (issue 4 item 6, `tide task verify`; the DRS
/// compare operations are the model).
public struct TableVerification: Sendable, Hashable {
    /// How the two sides were compared.
    public enum Method: String, Sendable, Hashable, Codable {
        /// Row by row in key order: missing, extra and different rows are counted and located.
        case keyed
        /// The table has no usable key: only row counts and an order-independent checksum are compared, so the
        /// difference counts and ranges stay empty.
        case multiset
    }

    /// Most differing chunks listed in `differingRanges`.
    public static let maximumRanges = 100
    /// Most keys listed in `sampleKeys`.
    public static let maximumSampleKeys = 20

    /// The source table.
    public var source: TableName
    /// The destination table.
    public var destination: TableName
    /// How the sides were compared.
    public var method: Method
    /// Rows read from the source.
    public var sourceRows: Int64
    /// Rows read from the destination.
    public var destinationRows: Int64
    /// Source rows whose key the destination lacks.
    public var missing: Int64
    /// Destination rows whose key the source lacks (and repeated destination keys).
    public var extra: Int64
    /// Rows present on both sides whose canonical values differ.
    public var different: Int64
    /// The wrapping sum of the source rows' hashes, as 16 hex digits.
    public var sourceChecksum: String
    /// The same for the destination.
    public var destinationChecksum: String
    /// How many chunks differ (all of them, even beyond `differingRanges`).
    public var differingRangeCount: Int
    /// The first `maximumRanges` differing chunks, in key order.
    public var differingRanges: [KeyRangeDiff]
    /// The first `maximumSampleKeys` differing keys, in key order.
    public var sampleKeys: [KeyDifference]

    /// Creates a result.
    public init(
        source: TableName, destination: TableName, method: Method, sourceRows: Int64 = 0,
        destinationRows: Int64 = 0, missing: Int64 = 0, extra: Int64 = 0, different: Int64 = 0,
        sourceChecksum: String = "", destinationChecksum: String = "", differingRangeCount: Int = 0,
        differingRanges: [KeyRangeDiff] = [], sampleKeys: [KeyDifference] = []
    ) {
        self.source = source
        self.destination = destination
        self.method = method
        self.sourceRows = sourceRows
        self.destinationRows = destinationRows
        self.missing = missing
        self.extra = extra
        self.different = different
        self.sourceChecksum = sourceChecksum
        self.destinationChecksum = destinationChecksum
        self.differingRangeCount = differingRangeCount
        self.differingRanges = differingRanges
        self.sampleKeys = sampleKeys
    }

    /// Whether both sides hold the same rows.
    public var isEqual: Bool {
        switch method {
        case .keyed:
            missing == 0 && extra == 0 && different == 0 && sourceRows == destinationRows
        case .multiset:
            sourceRows == destinationRows && sourceChecksum == destinationChecksum
        }
    }
}

/// A chunk of consecutive keys (about `chunkRows` source rows) in which the sides differ.
public struct KeyRangeDiff: Sendable, Hashable, Codable {
    /// The first key of the chunk on either side, as text (`42`, `(1, abc)`, binary as `0x…`).
    public var firstKey: String
    /// The last key of the chunk on either side.
    public var lastKey: String
    /// Source rows in the chunk.
    public var sourceRows: Int64
    /// Destination rows in the chunk.
    public var destinationRows: Int64
    /// Missing rows in the chunk.
    public var missing: Int64
    /// Extra rows in the chunk.
    public var extra: Int64
    /// Different rows in the chunk.
    public var different: Int64

    /// Creates a range.
    public init(
        firstKey: String, lastKey: String, sourceRows: Int64, destinationRows: Int64, missing: Int64, extra: Int64,
        different: Int64
    ) {
        self.firstKey = firstKey
        self.lastKey = lastKey
        self.sourceRows = sourceRows
        self.destinationRows = destinationRows
        self.missing = missing
        self.extra = extra
        self.different = different
    }
}

/// One differing key.
public struct KeyDifference: Sendable, Hashable, Codable {
    /// What differs.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Only in the source.
        case missing
        /// Only in the destination.
        case extra
        /// On both sides with different values.
        case different
    }

    /// The key as text.
    public var key: String
    /// What differs.
    public var kind: Kind

    /// Creates a difference.
    public init(key: String, kind: Kind) {
        self.key = key
        self.kind = kind
    }
}
