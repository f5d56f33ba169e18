/// The tables a specification names, from which per-table children are made.
extension JobSpecification {
    /// Table names in specification order, without duplicates: a DataX reader's `table` / `connection[].table`,
    /// a DIJob's Table selection rules, or a DRS job's objects. Empty when the spec names none.
    public var tableNames: [String] {
        var names: [String] = []
        switch self {
        case .taskContent(let content):
            guard let reader = content.reader else { return [] }
            names += Self.strings(reader.parameter["table"])
            for connection in reader.parameter["connection"]?.arrayValue ?? [] {
                names += Self.strings(connection["table"])
            }
        case .diJob(let spec):
            for mapping in spec.tableMappings {
                names += mapping.selectionRules.filter { $0.objectType == .table && $0.action != "Exclude" }
                    .map(\.expression)
            }
        case .drs(let objects):
            names = objects
        case .realtimeContent:
            return []
        }
        var seen: Set<String> = []
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let name)?: [name]
        case .array(let elements)?: elements.compactMap(\.stringValue)
        default: []
        }
    }
}
