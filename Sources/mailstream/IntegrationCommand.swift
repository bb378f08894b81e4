import ArgumentParser
import Domain
import Foundation
import SQLiteStore
import Store
import Config
import Sync

/// `mailstream integration add|list|enable|disable|remove`.
struct IntegrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration",
        abstract: "Create, list, enable, disable and remove integrations.",
        subcommands: [Add.self, List.self, Enable.self, Disable.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create an integration. The password is read from --password-env or standard input, never "
                + "from the command line."
        )

        @OptionGroup var options: StoreOptions
        @Option(help: "Integration name (unique per owner).") var name: String
        @Option(help: "Owner (project).") var owner: String = "default"
        @Option(help: "imap or ews (default: imap with --host, ews with --ews-endpoint).") var type: String?
        @Option(help: "IMAP: the server's host name.") var host: String?
        @Option(help: "IMAP: the server's port (default 993 for tls, 143 otherwise).") var port: Int?
        @Option(help: "IMAP: tls, starttls or none (default tls).") var security: String?
        @Option(help: "EWS: the https URL of Exchange.asmx.") var ewsEndpoint: String?
        @Option(help: "Login name.") var username: String
        @Option(help: "Read the password from this environment variable.") var passwordEnv: String?
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @Option(help: "A PEM file of CA certificates to trust.") var caFile: String?
        @Flag(help: "Accept any server certificate (test servers only).") var insecureSkipVerify = false
        @Option(name: .customLong("mailbox"), help: "A mailbox address to sync (repeatable; default: username).")
        var mailboxes: [String] = []
        @Option(help: "Bucket receiving the emails (default: the integration's name).") var bucket: String?
        @Flag(help: "Do not store attachment content (metadata is always kept).") var noAttachments = false

        func validate() throws {
            for (option, value) in [("--name", name), ("--owner", owner), ("--bucket", bucket ?? name)]
            where !ResourceName.isValid(value) {
                throw ValidationError("\(option) \(ResourceName.ruleText).")
            }
            for mailbox in mailboxes {
                if let problem = TextLimit.mailbox.problem(mailbox) { throw ValidationError("--mailbox \(problem).") }
            }
        }

        func run() async throws {
            let password = try readPassword()
            let runtime = try await Runtime(options)
            // The same connector reads this as the API and the configuration file would, with the same messages.
            var given: [String: JSONValue] = ["username": .string(username)]
            given["host"] = host.map(JSONValue.string)
            given["port"] = port.map(JSONValue.int)
            given["security"] = security.map(JSONValue.string)
            given["ews_endpoint"] = ewsEndpoint.map(JSONValue.string)
            given["password"] = password.map(JSONValue.string)
            given["ca_file"] = caFile.map(JSONValue.string)
            given["insecure_skip_verify"] = insecureSkipVerify ? .bool(true) : nil
            let connectors = runtime.connectors
            let kind: Integration.Kind
            let connection: ConnectionSettings
            do {
                kind = try connectors.kind(named: type ?? (host != nil ? "imap" : nil), connection: given)
            } catch {
                throw ValidationError("--type \(error.name): \(error).")
            }
            do {
                guard let connector = connectors.connector(for: kind) else { throw ValidationError("--type \(kind).") }
                connection = try connector.settings(from: given, previous: nil)
            } catch let problem as ConnectionProblem {
                throw ValidationError("\(problem).")
            }
            let id = StableID.make("integration", owner, name)
            let now = Date()
            let integration = Integration(
                id: id, owner: owner, name: name, title: name, kind: kind, connection: connection,
                mailboxes: (mailboxes.isEmpty ? [username] : mailboxes).map { email in
                    Mailbox(id: StableID.make("mailbox", id, email), email: email, bucketOwner: owner,
                            bucketName: bucket ?? name, syncAttachments: !noAttachments)
                },
                createdAt: now, updatedAt: now
            )
            if try await runtime.store.integration(owner: owner, name: name) != nil {
                throw ValidationError("An integration \(owner)/\(name) exists already; remove it first.")
            }
            try await runtime.store.saveIntegration(integration)
            print("created integration \(owner)/\(name) (id \(id)) with \(integration.mailboxes.count) mailbox(es)")
        }

        private func readPassword() throws -> String? {
            if let passwordEnv {
                guard let value = ProcessInfo.processInfo.environment[passwordEnv] else {
                    throw ValidationError("Environment variable \(passwordEnv) is not set.")
                }
                return value
            }
            if passwordStdin {
                return readLine(strippingNewline: true)
            }
            return nil
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List integrations and their mailboxes."
        )
        @OptionGroup var options: StoreOptions

        func run() async throws {
            let runtime = try await Runtime(options)
            let integrations = try await runtime.store.integrations()
            if integrations.isEmpty { print("no integrations") }
            for integration in integrations {
                let state = integration.enabled ? "enabled" : "disabled (\(integration.disabledReason?.rawValue ?? "user"))"
                let connection = integration.connection
                let summary = runtime.connectors.connector(for: integration.kind)?.summary(connection) ?? "-"
                let secrets = connection.secrets.isEmpty ? "no secret set"
                    : connection.secrets.keys.sorted().map { "\($0) set" }.joined(separator: ", ")
                print("\(integration.owner)/\(integration.name)  \(integration.kind.rawValue)  \(summary)  "
                    + "\(secrets)  \(state)")
                for mailbox in integration.mailboxes {
                    let mailboxState = mailbox.enabled ? "enabled"
                        : "disabled (\(mailbox.disabledReason?.rawValue ?? "user"))"
                    print("  \(mailbox.email) → bucket \(mailbox.bucketOwner)/\(mailbox.bucketName)  \(mailboxState)")
                }
                for error in try await runtime.store.errors(integrationID: integration.id).suffix(3) {
                    print("  error \(JSONCoding.format(error.createdAt)) \(error.kind.rawValue): \(error.errorText)")
                }
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable",
            abstract: "Enable an integration (or one of its mailboxes); sync resumes from the saved cursors."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "owner/name, or name for the default owner.") var integration: String
        @Option(help: "Enable only this mailbox.") var mailbox: String?

        func run() async throws {
            try await setEnabled(true, integration: integration, mailbox: mailbox, options: options)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable an integration (or one of its mailboxes)."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "owner/name, or name for the default owner.") var integration: String
        @Option(help: "Disable only this mailbox.") var mailbox: String?

        func run() async throws {
            try await setEnabled(false, integration: integration, mailbox: mailbox, options: options)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove an integration and its cursors. Synced emails and comments stay."
        )
        @OptionGroup var options: StoreOptions
        @Argument(help: "owner/name, or name for the default owner.") var integration: String

        func run() async throws {
            let runtime = try await Runtime(options)
            let found = try await find(integration, in: runtime.store)
            try await runtime.store.deleteIntegration(id: found.id)
            print("removed integration \(found.owner)/\(found.name)")
        }
    }
}

private func find(_ reference: String, in store: any Store) async throws -> Integration {
    let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
    let (owner, name) = parts.count == 2 ? (parts[0], parts[1]) : ("default", reference)
    guard let integration = try await store.integration(owner: owner, name: name) else {
        throw ValidationError("No integration \(owner)/\(name). `mailstream integration list` shows them.")
    }
    return integration
}

private func setEnabled(_ enabled: Bool, integration reference: String, mailbox: String?,
                        options: StoreOptions) async throws {
    let runtime = try await Runtime(options)
    let integration = try await find(reference, in: runtime.store)
    if let mailbox {
        guard let target = integration.mailboxes.first(where: { $0.email.lowercased() == mailbox.lowercased() }) else {
            throw ValidationError("Integration \(integration.name) has no mailbox \(mailbox).")
        }
        try await runtime.store.setMailboxEnabled(integrationID: integration.id, mailboxID: target.id,
                                                  enabled: enabled, reason: enabled ? nil : .user)
        print("\(enabled ? "enabled" : "disabled") mailbox \(target.email) of \(integration.owner)/\(integration.name)")
    } else {
        try await runtime.store.setIntegrationEnabled(id: integration.id, enabled: enabled,
                                                      reason: enabled ? nil : .user)
        print("\(enabled ? "enabled" : "disabled") integration \(integration.owner)/\(integration.name)")
    }
}

