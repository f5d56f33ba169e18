import Testing

/// All tests that talk to the shared MariaDB run one at a time: some restart the server or purge its binlogs.
@Suite(.serialized, .enabled(if: MariaDBTestServer.isConfigured, MariaDBTestServer.disabledReason))
enum MariaDBSuites {}
