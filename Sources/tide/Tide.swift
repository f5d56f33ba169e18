import ArgumentParser

/// The `tide` executable: `tide serve` runs the control plane; the other subcommands are clients of its
/// signed HTTP API.
@main
struct Tide: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tide",
        abstract: "Tide: self-hosted data synchronization (MySQL binlog CDC to PostgreSQL/Hologres, MySQL, Kafka).",
        subcommands: [
            ServeCommand.self,
            ProjectCommand.self,
            DataSourceCommand.self,
            TaskCommand.self,
            KeyCommand.self,
            BinlogCommand.self,
        ]
    )
}
