import ArgumentParser

/// Every command names itself (`commandName`): without it, ArgumentParser derives the name from the type with
/// `String(describing:)`, a reflection that costs a scan of every protocol conformance in the process per command
/// type at each start (3.5 ms of CPU per start, measured with perf).
@main
struct Mailstream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailstream",
        abstract: "Keeps mailboxes in sync and serves their emails as comments.",
        subcommands: [Serve.self, SyncCommand.self, IntegrationCommand.self, TokenCommand.self, UserCommand.self,
                      Parse.self]
    )
}
