import Foundation

/// A data source (DataWorks `CreateDataSource`, anchors.md section 1.3): a named connection in a project.
public struct DataSource: Sendable, Hashable {
    /// DataWorks `DataSourceId`; 0 until the store assigns one.
    public var id: Int64
    /// The owning project's integer id.
    public var projectID: Int64
    /// Name, unique per project and env type.
    public var name: String
    /// Engine.
    public var type: DataSourceType
    /// Connection content; its password is encrypted at rest by the store.
    public var content: ConnectionContent
    /// Free-text description.
    public var description: String
    /// DataWorks `EnvType`: 0 development, 1 production.
    public var envType: Int
    /// Creation time.
    public var createdAt: Date
    /// Last update time.
    public var updatedAt: Date

    /// Creates a data source after validating name and env type.
    public init(
        id: Int64 = 0, projectID: Int64, name: String, type: DataSourceType, content: ConnectionContent,
        description: String = "", envType: Int = 1, createdAt: Date, updatedAt: Date? = nil
    ) throws(SyncModelError) {
        try NameRules.validate(name, field: "Name")
        guard envType == 0 || envType == 1 else {
            throw SyncModelError(.invalidParameter, "EnvType must be 0 or 1", field: "EnvType")
        }
        self.id = id
        self.projectID = projectID
        self.name = name
        self.type = type
        self.content = content
        self.description = description
        self.envType = envType
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// Rules shared by every user-chosen name (tasks, data sources).
public enum NameRules {
    /// Longest accepted name, in characters.
    public static let maximumLength = 128

    /// Accepts any printable text of 1...128 characters without control characters or surrounding blanks.
    public static func validate(_ name: String, field: String) throws(SyncModelError) {
        guard !name.isEmpty, name.count <= maximumLength else {
            throw SyncModelError(
                .invalidParameter, "\(field) must be 1 to \(maximumLength) characters", field: field)
        }
        guard name.trimmingCharacters(in: .whitespacesAndNewlines) == name,
            !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) })
        else {
            throw SyncModelError(
                .invalidParameter, "\(field) must not contain control characters or surrounding blanks",
                field: field)
        }
    }
}
