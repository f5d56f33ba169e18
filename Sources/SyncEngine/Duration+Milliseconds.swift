extension Duration {
    /// Whole milliseconds, rounded towards zero (for log lines and timings).
    public var wholeMilliseconds: Int64 {
        components.seconds &* 1000 &+ components.attoseconds / 1_000_000_000_000_000
    }
}
