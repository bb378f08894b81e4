import ArgumentParser

@main
struct Mailstream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailstream",
        abstract: "Keeps mailboxes in sync and serves their emails as comments.",
        subcommands: [Serve.self, SyncCommand.self, IntegrationCommand.self, TokenCommand.self, Parse.self]
    )
}
