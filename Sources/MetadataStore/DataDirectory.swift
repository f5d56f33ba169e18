import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The data directory (`--data-dir`, default `./tide-data`): the SQLite database and the encryption key file.
public struct DataDirectory: Sendable {
    /// File name of the AES key (32 random bytes, mode 0600).
    public static let keyFileName = "secret.key"
    /// File name of the SQLite database.
    public static let databaseFileName = "tide.sqlite"

    /// The directory.
    public let url: URL

    /// Uses `path`, creating it (mode 0700) when missing.
    public init(path: String) throws(MetadataStoreError) {
        let url = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw MetadataStoreError(.dataDirectory, "data directory \(url.path) is not a directory")
            }
        } else {
            do {
                try FileManager.default.createDirectory(
                    at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw MetadataStoreError(.dataDirectory, "cannot create data directory \(url.path)")
            }
        }
        self.url = url
    }

    /// Path of the SQLite database file.
    public var databasePath: String { url.appendingPathComponent(Self.databaseFileName).path }

    /// Path of the key file.
    public var keyPath: String { url.appendingPathComponent(Self.keyFileName).path }

    /// Loads the key, creating it on first start with `O_CREAT | O_EXCL` and mode 0600 so it is never readable by
    /// others, not even briefly.
    func loadOrCreateKey() throws(MetadataStoreError) -> SymmetricKey {
        if let existing = FileManager.default.contents(atPath: keyPath) {
            guard existing.count == 32 else {
                throw MetadataStoreError(.dataDirectory, "key file \(keyPath) must hold 32 bytes")
            }
            // Tighten a key file that was copied in with looser permissions.
            _ = chmod(keyPath, 0o600)
            return SymmetricKey(data: existing)
        }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Array($0) }
        let descriptor = open(keyPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST {
                // Another process created it between our read and open: use theirs.
                guard let existing = FileManager.default.contents(atPath: keyPath), existing.count == 32 else {
                    throw MetadataStoreError(.dataDirectory, "key file \(keyPath) is unreadable")
                }
                return SymmetricKey(data: existing)
            }
            throw MetadataStoreError(.dataDirectory, "cannot create key file \(keyPath)")
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw MetadataStoreError(.dataDirectory, "cannot write key file \(keyPath)")
        }
        return key
    }
}
