import APIServer
import Foundation
import SyncModel

/// The administrator key: taken from `TIDE_ROOT_ACCESS_KEY_ID` / `TIDE_ROOT_ACCESS_KEY_SECRET` when set,
/// otherwise generated on the first start (when the store has no key) and printed once.
enum RootKey {
    /// Policy of the root key: every Tide, DataWorks and DRS action on every project.
    static let policyJSON =
        #"{"Statement":[{"Action":["tide:*","dataworks:*","drs:*"],"Effect":"Allow","Project":["*"]}],"Version":"1"}"#

    static func ensure(controlPlane: ControlPlane, environment: [String: String]) async throws {
        if let id = environment["TIDE_ROOT_ACCESS_KEY_ID"], !id.isEmpty,
            let secret = environment["TIDE_ROOT_ACCESS_KEY_SECRET"], !secret.isEmpty
        {
            try await controlPlane.ensureAccessKey(id: id, secret: secret, policyJSON: policyJSON, description: "root")
            return
        }
        guard try await controlPlane.listAccessKeys().isEmpty else { return }
        let (key, secret) = try await controlPlane.createAccessKey(policyJSON: policyJSON, description: "root")
        print("""
            tide serve: created the root access key (shown only this once):
              TIDE_ACCESS_KEY_ID=\(key.id)
              TIDE_ACCESS_KEY_SECRET=\(secret)
            """)
    }
}
