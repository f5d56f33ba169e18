import Foundation
import MySQLClient

/// The MariaDB the project's test script starts (`scripts/servers.sh start`), from `TIDE_TEST_MYSQL`.
enum MariaDBTestServer {
    static let url = ProcessInfo.processInfo.environment["TIDE_TEST_MYSQL"]
    static let isConfigured = url != nil
    static let disabledReason: Comment = "TIDE_TEST_MYSQL is not set; run the README test command (it starts MariaDB)"

    static func configuration() throws -> MySQLConfiguration {
        try MySQLConfiguration(url: url ?? "")
    }

    /// Runs `scripts/servers.sh restart-mariadb` from the package root.
    static func restart() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/servers.sh").path, "restart-mariadb"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MySQLClientError(.connectFailed, "servers.sh restart-mariadb exited with \(process.terminationStatus)")
        }
    }
}

import Testing
