/// The project a call addresses, by whichever ids the caller knows. The DataWorks integer id and the DRS
/// 32-hex id name the same project; pass both when the store resolved them, so a statement written with either
/// form matches.
public struct ProjectIdentity: Sendable, Hashable {
    /// DataWorks `ProjectId`.
    public var numericID: Int64?
    /// DRS `project_id` (32 hex characters, compared case-insensitively).
    public var hexID: String?

    /// Creates an identity.
    public init(numericID: Int64? = nil, hexID: String? = nil) {
        self.numericID = numericID
        self.hexID = hexID?.lowercased()
    }

    /// What a project pattern names.
    enum PatternKind {
        case any
        case numeric(Int64)
        case hex(String)
    }

    /// What a policy project pattern means; nil when it is not valid.
    static func patternKind(_ pattern: String) -> PatternKind? {
        if pattern == "*" { return .any }
        if let number = Int64(pattern), number >= 0, pattern.allSatisfy(\.isASCII) { return .numeric(number) }
        if pattern.utf8.count == 32, pattern.utf8.allSatisfy({ PercentEncoding.hexValue($0) != nil }) {
            return .hex(pattern.lowercased())
        }
        return nil
    }

    /// True when `pattern` names this project (or is `*`).
    func matches(_ pattern: String) -> Bool {
        switch Self.patternKind(pattern) {
        case .any: true
        case .numeric(let number): numericID == number
        case .hex(let hex): hexID == hex
        case nil: false
        }
    }
}

/// The outcome of evaluating a policy.
public enum PolicyDecision: Sendable, Hashable {
    /// An Allow statement matched and no Deny did.
    case allow
    /// No statement matched.
    case implicitDeny
    /// A Deny statement matched.
    case explicitDeny
}

extension AccessPolicy {
    /// Evaluates `action` (e.g. `dataworks:ListDIJobs`) on `project` (nil for calls outside any project, such as
    /// `tide:CreateProject`; only statements whose Project is `*` cover those). An explicit Deny wins over Allow.
    public func evaluate(action: String, project: ProjectIdentity?) -> PolicyDecision {
        var allowed = false
        for statement in statements {
            guard statement.actions.contains(where: { Self.actionMatches(pattern: $0, action: action) }) else {
                continue
            }
            let projectMatches = statement.projects.contains { pattern in
                if let project { return project.matches(pattern) }
                return pattern == "*"
            }
            guard projectMatches else { continue }
            if statement.effect == .deny { return .explicitDeny }
            allowed = true
        }
        return allowed ? .allow : .implicitDeny
    }

    /// Evaluates and throws when the call is not allowed.
    /// - Throws: `APIAuthError` `.accessDenied` (mapped to 403 `Forbidden.Access`) naming the action.
    public func authorize(action: String, project: ProjectIdentity?, accessKeyID: String) throws(APIAuthError) {
        let decision = evaluate(action: action, project: project)
        guard decision != .allow else { return }
        var scope = ""
        if let project {
            scope = " on project " + (project.numericID.map(String.init) ?? project.hexID ?? "")
        }
        throw APIAuthError(
            .accessDenied, "Access is forbidden: the access key is not authorized to perform \(action)\(scope).",
            accessKeyID: accessKeyID, deniedAction: action, explicitDeny: decision == .explicitDeny)
    }

    /// Glob match with `*` (any run, including empty), ASCII case-insensitive.
    static func actionMatches(pattern: String, action: String) -> Bool {
        let p = Array(pattern.lowercased().utf8)
        let a = Array(action.lowercased().utf8)
        var pi = 0
        var ai = 0
        var starP = -1
        var starA = 0
        while ai < a.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                starP = pi
                starA = ai
                pi += 1
            } else if pi < p.count, p[pi] == a[ai] {
                pi += 1
                ai += 1
            } else if starP >= 0 {
                pi = starP + 1
                starA += 1
                ai = starA
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

/// Policy action names. DataWorks actions are `dataworks:<Action>` as in the seeds' authorization tables; DRS
/// actions are `drs:<Operation>` with the SDK operation in UpperCamelCase (`drs:ListJobs`,
/// `drs:BatchCreateJobs` ...); Tide's own administration is `tide:<Operation>` (`tide:CreateProject`,
/// `tide:CreateAccessKey` ...).
public enum AuthAction {
    /// `dataworks:<action>`.
    public static func dataWorks(_ action: String) -> String { "dataworks:" + action }
    /// `drs:<operation>`.
    public static func drs(_ operation: String) -> String { "drs:" + operation }
    /// `tide:<operation>`.
    public static func tide(_ operation: String) -> String { "tide:" + operation }
}
