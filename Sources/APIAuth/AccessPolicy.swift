#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The authorization policy of one access key, in the style of the seeds' "Authorization information" tables
/// and RAM policies: statements that allow (or explicitly deny) actions such as `dataworks:*`,
/// `dataworks:ListDIJobs`, `drs:*` or `tide:*` on projects.
///
/// JSON form (stored by the metadata store):
/// `{"Version":"1","Statement":[{"Effect":"Allow","Action":["dataworks:ListDIJobs"],"Project":["10000"]}]}`.
/// `Action` and `Project` take a string or an array; `Project` defaults to `"*"`. A project is named by its
/// DataWorks integer id or its DRS 32-hex id; both name the same project.
public struct AccessPolicy: Codable, Sendable, Hashable {
    /// Whether a statement grants or refuses.
    public enum Effect: String, Codable, Sendable, Hashable {
        /// Grants the actions.
        case allow = "Allow"
        /// Refuses the actions, overriding any allow.
        case deny = "Deny"
    }

    /// One statement: an effect over actions on projects.
    public struct Statement: Codable, Sendable, Hashable {
        /// Allow or Deny.
        public var effect: Effect
        /// Action patterns `service:Operation`; `*` matches any run of characters, case-insensitively.
        public var actions: [String]
        /// Project patterns: `*`, a DataWorks project id (digits) or a DRS project id (32 hex characters).
        public var projects: [String]

        /// Creates a statement.
        public init(effect: Effect, actions: [String], projects: [String] = ["*"]) {
            self.effect = effect
            self.actions = actions
            self.projects = projects
        }

        enum CodingKeys: String, CodingKey {
            case effect = "Effect"
            case actions = "Action"
            case projects = "Project"
        }

        /// Decodes `Action` and `Project` from a string or an array.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            effect = try container.decode(Effect.self, forKey: .effect)
            actions = try Self.stringOrArray(container, .actions) ?? []
            projects = try Self.stringOrArray(container, .projects) ?? ["*"]
        }

        private static func stringOrArray(
            _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
        ) throws -> [String]? {
            if let single = try? container.decode(String.self, forKey: key) { return [single] }
            return try container.decodeIfPresent([String].self, forKey: key)
        }
    }

    /// Policy language version; `1`.
    public var version: String
    /// The statements.
    public var statements: [Statement]

    /// Creates a policy.
    public init(version: String = "1", statements: [Statement]) {
        self.version = version
        self.statements = statements
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case statements = "Statement"
    }

    /// Every action on every project (the root key's policy).
    public static let administrator = AccessPolicy(statements: [Statement(effect: .allow, actions: ["*"])])

    /// Decodes and validates a policy document.
    /// - Throws: `APIAuthError` `.invalidPolicy` naming the offending field.
    public static func decode(json: [UInt8]) throws(APIAuthError) -> AccessPolicy {
        let policy: AccessPolicy
        do {
            policy = try JSONDecoder().decode(AccessPolicy.self, from: Data(json))
        } catch {
            throw APIAuthError(
                .invalidPolicy,
                "The policy is not valid JSON of the form {\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Action\":[...],\"Project\":[...]}]}.")
        }
        try policy.validate()
        return policy
    }

    /// The policy as compact JSON with sorted keys.
    public func encodedJSON() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { Array($0) } ?? []
    }

    /// Checks every statement: at least one action, each `*` or `service:Operation` with a lower-case service of
    /// letters; at least one project, each `*`, digits or 32 hex characters.
    /// - Throws: `APIAuthError` `.invalidPolicy` naming the statement and field.
    public func validate() throws(APIAuthError) {
        guard version == "1" else {
            throw APIAuthError(.invalidPolicy, "Policy Version must be \"1\".")
        }
        guard !statements.isEmpty else {
            throw APIAuthError(.invalidPolicy, "Policy Statement must contain at least one statement.")
        }
        for (index, statement) in statements.enumerated() {
            guard !statement.actions.isEmpty else {
                throw APIAuthError(.invalidPolicy, "Statement[\(index)].Action must name at least one action.")
            }
            for action in statement.actions where !Self.isValidActionPattern(action) {
                throw APIAuthError(
                    .invalidPolicy,
                    "Statement[\(index)].Action \"\(action)\" must be * or service:Operation (e.g. dataworks:*).")
            }
            guard !statement.projects.isEmpty else {
                throw APIAuthError(.invalidPolicy, "Statement[\(index)].Project must name at least one project.")
            }
            for project in statement.projects where ProjectIdentity.patternKind(project) == nil {
                throw APIAuthError(
                    .invalidPolicy,
                    "Statement[\(index)].Project \"\(project)\" must be *, a project id or a 32-hex project id.")
            }
        }
    }

    /// True for `*` or `service:Operation` (letters, digits and `*`), at most 128 bytes.
    static func isValidActionPattern(_ action: String) -> Bool {
        if action == "*" { return true }
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, action.utf8.count <= 128 else { return false }
        let serviceOK = parts[0].allSatisfy { ($0.isLetter && $0.isASCII) || $0 == "*" }
        let operationOK = parts[1].allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII || $0 == "*" }
        return serviceOK && operationOK
    }
}
