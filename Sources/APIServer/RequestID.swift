import Foundation

/// Request ids: an uppercase UUID, the form DataWorks uses in `RequestId` and DRS in `X-Request-Id`.
public enum RequestID {
    /// A fresh request id.
    public static func make() -> String { UUID().uuidString }
}
