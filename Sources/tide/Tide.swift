import ArgumentParser

@main
struct Tide: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tide",
        abstract: "Tide: self-hosted data synchronization (MySQL binlog CDC to PostgreSQL/Hologres, MySQL, Kafka).",
        subcommands: [BinlogCommand.self]
    )
}
