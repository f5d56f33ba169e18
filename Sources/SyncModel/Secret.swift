/// A secret value (password, access key secret). Its description, debug description and reflection never show
/// the value, so it cannot leak through string interpolation, logs or error messages.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The clear-text value. Read it only where it is really needed (connecting, encrypting, verifying).
    public let revealed: String

    /// Wraps a clear-text value.
    public init(_ value: String) { self.revealed = value }

    /// True when the secret is the empty string.
    public var isEmpty: Bool { revealed.isEmpty }

    public var description: String { "******" }
    public var debugDescription: String { "Secret(******)" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
