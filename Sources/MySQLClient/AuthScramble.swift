import Crypto
import _CryptoExtras

/// The password scrambles of the authentication plugins Tide supports.
///
/// MySQL Client/Server Protocol, "Native Authentication" and "caching_sha2_password information".
enum AuthScramble {
    /// mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))); empty for no password.
    static func nativePassword(password: String, scramble: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Array(Insecure.SHA1.hash(data: Array(password.utf8)))
        let stage2 = Array(Insecure.SHA1.hash(data: stage1))
        let mix = Array(Insecure.SHA1.hash(data: Array(scramble.prefix(20)) + stage2))
        return zip(stage1, mix).map { $0 ^ $1 }
    }

    /// caching_sha2_password fast path: SHA256(password) XOR SHA256(SHA256(SHA256(password)) + scramble).
    static func cachingSHA2(password: String, scramble: [UInt8]) -> [UInt8] {
        guard !password.isEmpty else { return [] }
        let stage1 = Array(SHA256.hash(data: Array(password.utf8)))
        let stage2 = Array(SHA256.hash(data: stage1))
        let mix = Array(SHA256.hash(data: stage2 + Array(scramble.prefix(20))))
        return zip(stage1, mix).map { $0 ^ $1 }
    }

    /// The password as sent in full authentication: its UTF-8 bytes and a NUL.
    static func cleartext(password: String) -> [UInt8] { Array(password.utf8) + [0] }

    /// caching_sha2_password full authentication without TLS: RSA-OAEP(SHA-1) of (password + NUL) XOR scramble
    /// (the scramble repeated), with the server's PEM public key.
    static func rsaEncryptedPassword(password: String, scramble: [UInt8], publicKeyPEM: String) throws -> [UInt8] {
        let plain = cleartext(password: password)
        let salt = Array(scramble.prefix(20))
        guard !salt.isEmpty else { throw MySQLClientError(.publicKey, "empty scramble") }
        let xored = plain.enumerated().map { $0.element ^ salt[$0.offset % salt.count] }
        do {
            let key = try _RSA.Encryption.PublicKey(pemRepresentation: publicKeyPEM)
            return Array(try key.encrypt(xored, padding: .PKCS1_OAEP))
        } catch {
            throw MySQLClientError(.publicKey, "cannot encrypt with the server's public key")
        }
    }
}
