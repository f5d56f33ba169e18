import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MySQLClient

/// The MariaDB the project's test script starts (`scripts/servers.sh start`), from `TIDE_TEST_MYSQL`.
enum MariaDBTestServer {
    static let url = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL"]
    static let isConfigured = url != nil
    static let disabledReason: Comment = "TIDE_TEST_MYSQL is not set; run the README test command (it starts MariaDB)"

    static func configuration() throws -> MySQLConfiguration {
        try MySQLConfiguration(url: url ?? "")
    }

    /// Runs `scripts/servers.sh restart-mariadb` from the package root (posix_spawn + waitpid: Foundation's
    /// Process did not return here once the script had left a daemon running).
    static func restart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let arguments = ["/bin/bash", root.appendingPathComponent("scripts/servers.sh").path, "restart-mariadb"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ)
        guard spawned == 0 else { throw MySQLClientError(.connectFailed, "posix_spawn failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw MySQLClientError(.connectFailed, "servers.sh restart-mariadb exited with status \(status)")
        }
    }
}

import Testing
