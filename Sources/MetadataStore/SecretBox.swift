import Crypto
import Foundation

/// Encrypts secrets at rest with AES-256-GCM (swift-crypto). The key lives in the data directory
/// (`DataDirectory.keyFileName`, mode 0600). Each ciphertext is bound to a purpose string (associated data) so a
/// ciphertext copied into another column does not decrypt.
struct SecretBox: Sendable {
    private let key: SymmetricKey

    /// Wraps a 256-bit key.
    init(key: SymmetricKey) {
        self.key = key
    }

    /// Encrypts `plaintext`; the result is nonce + ciphertext + tag.
    func seal(_ plaintext: String, purpose: String) throws(MetadataStoreError) -> Data {
        do {
            let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(purpose.utf8))
            guard let combined = box.combined else {
                throw MetadataStoreError(.crypto, "cannot encode the sealed secret")
            }
            return combined
        } catch let error as MetadataStoreError {
            throw error
        } catch {
            throw MetadataStoreError(.crypto, "cannot encrypt a secret")
        }
    }

    /// Decrypts what `seal` produced for the same purpose.
    func open(_ combined: Data, purpose: String) throws(MetadataStoreError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Data(purpose.utf8))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw MetadataStoreError(
                .crypto, "cannot decrypt a stored secret (wrong key file or corrupt data) for \(purpose)")
        }
    }
}
