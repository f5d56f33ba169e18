/// The JSON form of a table's result (VerifyDIJob, `tide task verify --json`; issue 4 item 6): every stored field
/// plus the derived `isEqual`, so that API clients need not re-derive it. Decoding ignores `isEqual`.
extension TableVerification: Codable {
    private enum CodingKeys: String, CodingKey {
        case source, destination, method, sourceRows, destinationRows, missing, extra, different, sourceChecksum
        case destinationChecksum, differingRangeCount, differingRanges, sampleKeys, isEqual
    }

    /// Decodes a result.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            source: try container.decode(TableName.self, forKey: .source),
            destination: try container.decode(TableName.self, forKey: .destination),
            method: try container.decode(Method.self, forKey: .method),
            sourceRows: try container.decode(Int64.self, forKey: .sourceRows),
            destinationRows: try container.decode(Int64.self, forKey: .destinationRows),
            missing: try container.decode(Int64.self, forKey: .missing),
            extra: try container.decode(Int64.self, forKey: .extra),
            different: try container.decode(Int64.self, forKey: .different),
            sourceChecksum: try container.decode(String.self, forKey: .sourceChecksum),
            destinationChecksum: try container.decode(String.self, forKey: .destinationChecksum),
            differingRangeCount: try container.decode(Int.self, forKey: .differingRangeCount),
            differingRanges: try container.decode([KeyRangeDiff].self, forKey: .differingRanges),
            sampleKeys: try container.decode([KeyDifference].self, forKey: .sampleKeys))
    }

    /// Encodes the result with `isEqual`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(destination, forKey: .destination)
        try container.encode(method, forKey: .method)
        try container.encode(sourceRows, forKey: .sourceRows)
        try container.encode(destinationRows, forKey: .destinationRows)
        try container.encode(missing, forKey: .missing)
        try container.encode(extra, forKey: .extra)
        try container.encode(different, forKey: .different)
        try container.encode(sourceChecksum, forKey: .sourceChecksum)
        try container.encode(destinationChecksum, forKey: .destinationChecksum)
        try container.encode(differingRangeCount, forKey: .differingRangeCount)
        try container.encode(differingRanges, forKey: .differingRanges)
        try container.encode(sampleKeys, forKey: .sampleKeys)
        try container.encode(isEqual, forKey: .isEqual)
    }
}
