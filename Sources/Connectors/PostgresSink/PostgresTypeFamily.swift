import SyncEngine

/// The few PostgreSQL type families whose text form differs from the interchange form of `Row`, recognised from a
/// type's text as written in DDL (`timestamptz(6)`, `bool`) or as `format_type` prints it
/// (`timestamp(6) with time zone`, `bit varying(64)`). Everything else is `.other`.
enum PostgresTypeFamily: Sendable, Hashable {
    case boolean
    case bytea
    case bitString
    case interval
    case timestampWithTimeZone
    /// Character types, ordered by `COLLATE "C"` when verification needs binary order.
    case character
    case other

    /// The family of the type written `typeText`.
    init(typeText: String) {
        let text = typeText.lowercased().trimmingPrefixSpaces()
        if text.hasPrefix("bool") {
            self = .boolean
        } else if text.hasPrefix("bytea") {
            self = .bytea
        } else if text.hasPrefix("bit") || text.hasPrefix("varbit") {
            self = .bitString
        } else if text.hasPrefix("interval") {
            self = .interval
        } else if text.hasPrefix("timestamptz") || (text.hasPrefix("timestamp") && text.contains("with time zone")) {
            self = .timestampWithTimeZone
        } else if ["character", "varchar", "char", "text", "bpchar", "citext", "name"].contains(where: text.hasPrefix) {
            self = .character
        } else {
            self = .other
        }
    }
}

extension String {
    fileprivate func trimmingPrefixSpaces() -> String {
        String(drop { $0 == " " })
    }
}
