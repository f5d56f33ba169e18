import Foundation

/// What a task does, in the form its creating dialect gave it. All forms are validated before a task exists.
public enum JobSpecification: Sendable, Hashable, Codable {
    /// A DataWorks DISync DI_OFFLINE script.
    case taskContent(TaskContent)
    /// A DataWorks DISync DI_REALTIME / DI_SOLUTION content: a JSON object, kept verbatim.
    case realtimeContent(JSONValue)
    /// A DataWorks DIJob.
    case diJob(DIJobSpec)
    /// A DRS job: the selected objects (`database` or `database.table`), empty meaning everything.
    case drs(objects: [String])

    /// Parses the TaskContent of a DISync task of `kind`: DataX-validated for DI_OFFLINE, any JSON object
    /// otherwise.
    public static func parseDISync(_ text: String, kind: TaskKind) throws(SyncModelError) -> JobSpecification {
        switch kind {
        case .diOffline:
            return .taskContent(try TaskContent.parse(text))
        default:
            let value = try JSONValue.parse(text, field: "TaskContent")
            guard value.objectValue != nil else {
                throw SyncModelError.spec("TaskContent", "must be a JSON object, got \(value.typeName)")
            }
            return .realtimeContent(value)
        }
    }

    /// The content as DataWorks echoes it (GetDISyncTask `Code`), when there is one.
    public var contentJSON: String? {
        switch self {
        case .taskContent(let content):
            guard let data = try? JSONValue.encodeToText(content) else { return nil }
            return data
        case .realtimeContent(let value): return value.jsonText
        case .diJob, .drs: return nil
        }
    }
}

extension JSONValue {
    /// Encodes any `Encodable` value as compact JSON text with sorted keys.
    static func encodeToText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
