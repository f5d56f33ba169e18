import Foundation

/// A project (DataWorks workspace / DRS project). It has two ids that name the same project: the integer
/// DataWorks `ProjectId` and the 32-hex-character DRS `project_id` (issue 2, internal model).
public struct Project: Sendable, Hashable, Codable {
    /// DataWorks `ProjectId`.
    public var id: Int64
    /// DRS `project_id`: 32 lower-case hexadecimal characters.
    public var drsProjectID: String
    /// Display name.
    public var name: String
    /// Creation time.
    public var createdAt: Date

    /// Creates a project after validating both ids and the name.
    public init(id: Int64, drsProjectID: String, name: String, createdAt: Date) throws(SyncModelError) {
        guard id > 0 else { throw SyncModelError(.invalidParameter, "ProjectId must be positive", field: "ProjectId") }
        let hex = drsProjectID.lowercased()
        guard Project.isDRSProjectID(hex) else {
            throw SyncModelError(
                .invalidParameter, "project_id must be 32 hexadecimal characters", field: "project_id")
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 128 else {
            throw SyncModelError(.invalidParameter, "project name must be 1 to 128 characters", field: "name")
        }
        self.id = id
        self.drsProjectID = hex
        self.name = trimmed
        self.createdAt = createdAt
    }

    /// True when `text` is exactly 32 hexadecimal characters.
    public static func isDRSProjectID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }
}
