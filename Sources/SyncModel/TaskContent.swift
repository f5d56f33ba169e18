/// A DataX-style TaskContent script as DataWorks DISync tasks carry it (dataworks-CreateDISyncTask seed;
/// anchors.md section 1.1, "Old-style TaskContent"): `steps` of reader and writer plugins, `order.hops` between
/// step names, and `setting` with `speed {concurrent, throttle, mbps}` and `errorLimit {record}`.
/// Only values that passed `TaskContent.parse` exist.
public struct TaskContent: Sendable, Hashable, Codable {
    /// One plugin step.
    public struct Step: Sendable, Hashable, Codable {
        /// Plugin name (`mysql`, `postgresql`, `hologres`, `kafka`, `odps` ...), lower-cased.
        public var stepType: String
        /// Step name, unique within the script; hops refer to it.
        public var name: String
        /// Reader or writer.
        public var category: Category
        /// Plugin parameters, verbatim.
        public var parameter: [String: JSONValue]

        /// The data source name a step refers to (`parameter.datasource`, or `connection[0].datasource`).
        public var dataSourceName: String? {
            if let name = parameter["datasource"]?.stringValue, !name.isEmpty { return name }
            return parameter["connection"]?.arrayValue?.first?["datasource"]?.stringValue
        }
    }

    /// A step's role.
    public enum Category: String, Sendable, Hashable, Codable {
        case reader
        case writer
    }

    /// An edge of `order.hops`.
    public struct Hop: Sendable, Hashable, Codable {
        /// The upstream step name.
        public var from: String
        /// The downstream step name.
        public var to: String
    }

    /// `setting.speed`.
    public struct Speed: Sendable, Hashable, Codable {
        /// Parallel channels; nil when not given.
        public var concurrent: Int?
        /// Whether bandwidth is limited.
        public var throttle: Bool
        /// Bandwidth limit in MB/s, required when `throttle` is true.
        public var mbps: Int?
    }

    /// `type` (normally "job").
    public var type: String
    /// `version` (normally "2.0").
    public var version: String
    /// The steps in script order.
    public var steps: [Step]
    /// The hops.
    public var hops: [Hop]
    /// The speed setting.
    public var speed: Speed
    /// The dirty-record limit (`setting.errorLimit.record`); nil means no limit.
    public var errorLimitRecord: Int?

    /// The first reader step.
    public var reader: Step? { steps.first { $0.category == .reader } }
    /// The first writer step.
    public var writer: Step? { steps.first { $0.category == .writer } }
}
