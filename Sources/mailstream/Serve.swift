import API
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Store

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API (and, later, the sync engine) over the data folder."
    )

    @Option(help: "Data folder holding the embedded SQLite database.")
    var data: String = "./data"

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "mailstream")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let dataFolder = try DataFolder(path: data)
        logger.info("data folder ready", metadata: ["mailstream.data": "\(dataFolder.url.path)"])
        let app = MailstreamApplication.make(dataFolder: dataFolder, host: host, port: port, logger: logger)
        try await app.runService()
    }
}
