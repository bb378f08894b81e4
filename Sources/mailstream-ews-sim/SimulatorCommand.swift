import ArgumentParser
import EWSSimulator
import Foundation

/// `mailstream-ews-sim`: a simulated Exchange server on 127.0.0.1 to try EWS clients (Mailstream, exchangelib)
/// against, seeded from a file or with a default mailbox, driven by its admin API. Prints `PORT <n>` once listening
/// and runs until stopped.
@main
struct SimulatorCommand: AsyncParsableCommand {
    static let builtInAccounts: [EWSSimulatorConfiguration.Account] = [
        .init(login: "alice", password: "Alice-Passw0rd!", smtpAddress: "alice@contoso.com"),
        .init(login: "svc-sync", password: "svc-S3cret", canImpersonate: true),
    ]

    static let configuration = CommandConfiguration(
        commandName: "mailstream-ews-sim",
        abstract: "A simulated Exchange server (EWS, Exchange 2016) on 127.0.0.1, to try EWS clients against.",
        discussion: """
            The EWS endpoint is http://127.0.0.1:PORT/EWS/Exchange.asmx (https with --tls-cert). Once listening, the \
            first line on standard output is "PORT <n>"; it runs until stopped (Ctrl-C).

            Built-in logins (when the seed file has no users): alice / Alice-Passw0rd! with the mailbox \
            alice@contoso.com, and the service account svc-sync / svc-S3cret (no mailbox) with \
            ApplicationImpersonation, which may open any mailbox. Without --seed, alice's Inbox holds --messages \
            plain messages and a subfolder Projects.

            Seed file (YAML or JSON; see scripts/ews-sim/seed.yaml), lists of:
              users       login, password, address, impersonation: true|false,
                          delegate: [mailboxes shared with the user]
              mailboxes   address, folders
              folders     name, messages, folders (nested)
              messages    eml: a file (relative to the seed) or text: the MIME,
                          received: 2026-03-02T09:00:00Z, read: true|false
            A folder named like a well-known one (Inbox, Sent Items, Deleted Items, Drafts, Junk Email) is that \
            folder; others are created. Attachments come from the MIME (GetAttachment serves them).

            Admin API (--admin, the default): same port, JSON in and out, 400 with {"error": "..."}.
            \(EWSSimulator.adminAPIHelp)
            """
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: ArgumentHelp("A scenario file (YAML or JSON): users, mailboxes, folders, messages.",
                               valueName: "file"))
    var seed: String?

    @Option(help: "How many plain messages alice's Inbox gets when there is no --seed (default 25).")
    var messages: Int?

    @Option(help: ArgumentHelp("Authentication schemes, comma-separated: ntlm, basic.", valueName: "schemes"))
    var auth = "ntlm,basic"

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("Serve HTTPS with this PEM certificate chain.",
                                                              valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: "IIS Extended Protection for NTLM: off, allow or require (needs --tls-cert).")
    var extendedProtection: ExtendedProtectionMode = .off

    @Flag(inversion: .prefixedNo, help: "Serve the admin API under /_sim/.")
    var admin = true

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let messages {
            guard seed == nil else { throw ValidationError("--messages applies only without --seed") }
            guard (0...100_000).contains(messages) else {
                throw ValidationError("--messages must be between 0 and 100000")
            }
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        if extendedProtection != .off, tlsCertificate == nil {
            throw ValidationError("--extended-protection \(extendedProtection.rawValue) needs --tls-cert and --tls-key")
        }
        _ = try schemes()
    }

    func schemes() throws -> EWSSimulatorConfiguration.AuthenticationSchemes {
        var schemes: EWSSimulatorConfiguration.AuthenticationSchemes = []
        for name in auth.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            switch name {
            case "ntlm": schemes.insert(.ntlm)
            case "basic": schemes.insert(.basic)
            default: throw ValidationError("--auth: unknown scheme '\(name)' (known: ntlm, basic)")
            }
        }
        guard !schemes.isEmpty else { throw ValidationError("--auth needs at least one scheme") }
        return schemes
    }

    func run() async throws {
        let seedFile = try seed.map { path in
            do {
                return try SimulatorSeed(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw StartFailure("\(error)")
            }
        }
        var tls: EWSSimulatorConfiguration.TLS?
        if let tlsCertificate, let tlsKey {
            do {
                tls = .init(certificateChainPEM: try String(contentsOfFile: tlsCertificate, encoding: .utf8),
                            privateKeyPEM: try String(contentsOfFile: tlsKey, encoding: .utf8))
            } catch {
                throw StartFailure("cannot read the certificate or key: \(error.localizedDescription)")
            }
        }
        let accounts = seedFile.map { $0.accounts.isEmpty ? Self.builtInAccounts : $0.accounts } ?? Self.builtInAccounts
        let simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: try schemes(), accounts: accounts, extraMailboxes: seedFile?.extraMailboxes ?? [],
            tls: tls, extendedProtection: extendedProtection.mode, adminAPI: admin
        ), port: port)
        if let seedFile {
            do {
                try seedFile.populate(simulator)
            } catch {
                throw StartFailure("\(error)")
            }
        } else {
            try Self.populateDefault(simulator, messages: messages ?? 25)
        }
        let listening: Int
        do {
            listening = try await simulator.start()
        } catch let error as EWSSimulatorError {
            throw StartFailure("cannot start: \(error): \(error.detail)")
        }
        // Unbuffered, so a script reading the pipe sees the port at once.
        FileHandle.standardOutput.write(Data("PORT \(listening)\n".utf8))
        let scheme = tls == nil ? "http" : "https"
        let logins = accounts.map { "\($0.login) (\($0.smtpAddress ?? "no mailbox")\($0.canImpersonate ? ", impersonation" : ""))" }
        FileHandle.standardError.write(Data("""
            mailstream-ews-sim: EWS at \(scheme)://127.0.0.1:\(listening)/EWS/Exchange.asmx\
            \(admin ? "; admin API at \(scheme)://127.0.0.1:\(listening)/_sim/" : "")
            mailstream-ews-sim: logins: \(logins.joined(separator: ", "))

            """.utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// What the simulator held before seed files: alice's Inbox with plain messages and a Projects subfolder.
    static func populateDefault(_ simulator: EWSSimulator, messages: Int) throws {
        for index in 0..<messages {
            let mime = "From: Carol <carol@example.com>\r\nTo: alice@contoso.com\r\nSubject: Hello \(index)\r\n"
                + "Message-ID: <m\(index)@example.com>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nBody \(index)\r\n"
            try simulator.addMessage(Array(mime.utf8), mailbox: "alice@contoso.com")
        }
        try simulator.createFolder(named: "Projects", in: .inbox, mailbox: "alice@contoso.com")
    }
}

enum ExtendedProtectionMode: String, ExpressibleByArgument, CaseIterable {
    case off, allow, require

    var mode: EWSSimulatorConfiguration.ExtendedProtection {
        switch self {
        case .off: .off
        case .allow: .allow
        case .require: .require
        }
    }
}

/// A problem found after the options were read (a seed file, a certificate, the port): ArgumentParser prints
/// `Error: <message>` and exits with status 1, without the usage text.
struct StartFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
