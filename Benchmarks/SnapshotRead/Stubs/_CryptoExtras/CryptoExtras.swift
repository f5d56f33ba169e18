// Benchmark-only stand-in for _CryptoExtras (RSA is only needed for caching_sha2_password without TLS).
public struct RSAUnavailable: Error {}

public enum _RSA {
    public enum Encryption {
        public enum Padding: Sendable { case PKCS1_OAEP }
        public struct PublicKey {
            public init(pemRepresentation: String) throws { throw RSAUnavailable() }
            public func encrypt(_ data: [UInt8], padding: Padding) throws -> [UInt8] { throw RSAUnavailable() }
        }
    }
}
