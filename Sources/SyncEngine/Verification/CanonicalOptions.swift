/// The sink choices that change how a value looks on the destination, and so how `CanonicalValue` must normalise
/// both sides before comparing them (issue 4 item 6, verification; item 3, type mapping).
public struct CanonicalOptions: Sendable, Hashable, Codable {
    /// Zero dates (any of year, month or day zero) compare as NULL: the sink wrote them as NULL.
    public var zeroDateAsNull: Bool
    /// TINYINT(1) compares as a boolean (`0`/`1`): the sink mapped it to BOOLEAN.
    public var tinyInt1AsBoolean: Bool
    /// NUL bytes are removed from text values before comparing: the PostgreSQL sink removes them.
    public var stripNULFromText: Bool

    /// Creates options.
    public init(zeroDateAsNull: Bool = true, tinyInt1AsBoolean: Bool = false, stripNULFromText: Bool = true) {
        self.zeroDateAsNull = zeroDateAsNull
        self.tinyInt1AsBoolean = tinyInt1AsBoolean
        self.stripNULFromText = stripNULFromText
    }

    /// The options matching what a sink configured with `sink` writes. `stripNULFromText` is a property of the
    /// destination kind (PostgreSQL cannot store NUL in text; MySQL can), so the caller states it.
    public init(_ sink: SinkOptions, stripNULFromText: Bool = true) {
        self.init(
            zeroDateAsNull: sink.zeroDateAsNull, tinyInt1AsBoolean: sink.tinyInt1AsBoolean,
            stripNULFromText: stripNULFromText)
    }
}
