import ArgumentParser
import ClientTLS
import Config
import Domain
import EWS
import Foundation
import IMAP
import Logging
import MicrosoftGraph
import SQLiteStore
import Store
import Sync

/// Options every command that opens the store takes.
struct StoreOptions: ParsableArguments {
    @Option(help: "Data folder holding the embedded SQLite database and the secret key.")
    var data: String = "./data"

    @Option(help: "A YAML or JSON file declaring integrations (see README).")
    var config: String?

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String = "info"
}

/// The store, the logger and the mail-source factory, opened from the command line's options.
struct Runtime {
    let dataFolder: DataFolder
    let store: SQLiteStore
    let logger: Logger
    /// The integration kinds, one for the process: the API, the configuration file and the engine read
    /// connections through it, and the API's connection checks and the engine share its OAuth token cache and its
    /// outbound policy.
    let connectors: ConnectorRegistry
    /// The configuration file's `notifications:` section (empty without one).
    let notifications: NotificationSettings
    /// Where connections made on a user's behalf (and to the SMTP relay and webhook targets) may go: the
    /// configuration file's `network:` widened by the flags.
    let outboundPolicy: OutboundPolicy

    /// - Parameters:
    ///   - network: the `serve`/`sync` flags that widen the configuration file's `network:` section; commands that
    ///     connect nowhere have none.
    ///   - graphNotifications: where Graph's change notifications arrive (`serve` with a notification URL).
    init(_ options: StoreOptions, network flags: NetworkOptions? = nil,
         graphNotifications: GraphNotificationHub? = nil) async throws {
        var logger = Logger(label: "mailstream")
        logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .info
        self.logger = logger
        // Whatever this process writes (data folder, token and key files, SQLite's logs) is its user's alone.
        umask(0o077)
        do {
            dataFolder = try DataFolder(path: options.data)
        } catch {
            throw ValidationError("Cannot open the data folder '\(options.data)': \(error)")
        }
        for warning in dataFolder.permissionWarnings() { logger.warning("\(warning)") }
        let secrets: SecretBox
        do {
            secrets = try SecretBox.load(environment: ProcessInfo.processInfo.environment,
                                         keyFile: dataFolder.secretKeyFile)
        } catch {
            throw ValidationError("\(error)")
        }
        store = SQLiteStore(dataFolder: dataFolder, secrets: secrets)
        var network = NetworkSettings()
        var notifications = NotificationSettings()
        if let path = options.config {
            do {
                // Reading connections needs no policy; the sources made later get the file's.
                let file = try ConfigurationFile(path: path, connectors: Connectors.registry(outboundPolicy: OutboundPolicy()))
                try await file.apply(to: store)
                network = file.network
                notifications = file.notifications
            } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
        }
        if let flags {
            network = network.adding(allowPrivateNetworks: flags.allowPrivateNetworks,
                                     outboundAllow: flags.outboundAllow)
            let allowed = ["public addresses"] + (network.allowPrivateNetworks ? ["private networks"] : [])
                + network.outboundAllow.map(\.description)
            logger.info("outbound connections: \(allowed.joined(separator: ", "))")
        }
        outboundPolicy = network.outboundPolicy
        connectors = Connectors.registry(outboundPolicy: network.outboundPolicy,
                                         graphNotifications: graphNotifications)
        self.notifications = notifications
    }
}
