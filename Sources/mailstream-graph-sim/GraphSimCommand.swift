import ArgumentParser
import EntraSimulator
import Foundation
import GraphSimulator

/// `mailstream-graph-sim`: a simulated Microsoft Graph (mail) and Entra ID token endpoint on 127.0.0.1, for trying
/// Graph clients against. Prints `PORT <n>` and `ADMIN_PORT <n>` once listening; runs until killed.
@main
struct GraphSimCommand: AsyncParsableCommand {
    static let builtInTenantID = "2a8f5c1e-4b7d-4e3a-9c6f-0d1e2f3a4b5c"
    static let builtInTenantDomain = "contoso.onmicrosoft.com"
    static let builtInClientID = "6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f"
    static let builtInSecret = "GraphSim~S3cret.For-Tests"
    static let builtInMailboxes = ["alice@contoso.com", "bob@contoso.com"]

    static let configuration = CommandConfiguration(
        commandName: "mailstream-graph-sim",
        abstract: "A simulated Microsoft Graph (mail) and Entra ID token endpoint on 127.0.0.1, for tests.",
        discussion: """
            Graph v1.0 at https://127.0.0.1:PORT/v1.0 (with --tls-cert/--tls-key; plain http otherwise), the token \
            endpoint at /{tenant}/oauth2/v2.0/token (scope https://graph.microsoft.com/.default), and the admin API \
            (JSON, /admin/…) on ADMIN_PORT.

            Built-in app registration (used when no seed file is given, or the seed has no applications):
              tenant        \(builtInTenantID) (or \(builtInTenantDomain))
              client id     \(builtInClientID)
              client secret \(builtInSecret)
            Built-in mailboxes (without a seed file): \(builtInMailboxes.joined(separator: ", ")); alice has \
            --messages messages in her Inbox and a folder Inbox/Projects.

            Admin API: GET /admin/mailboxes; POST /admin/mailboxes {address}; POST /admin/mailboxes/{m}/folders \
            {displayName, parent}; POST /admin/mailboxes/{m}/messages {mime | mimeBase64, folder, receivedDateTime, \
            isRead}; GET /admin/mailboxes/{m}/messages?folder=inbox; POST …/messages/{id}/move {folder}; POST \
            …/messages/{id}/read {isRead}; DELETE …/messages/{id}; POST /admin/mailboxes/{m}/invalidate-delta \
            {folder, skipTokenAnswer}; POST /admin/mailboxes/{m}/rest {enabled}; POST /admin/failures {failure, retryAfter, endpoint, \
            mailbox, count, after}; DELETE /admin/failures; POST /admin/response-delay {milliseconds}; POST \
            /admin/applications/{clientId}/expire-secrets | enabled {enabled} | access-policy {allowedMailboxes}; \
            POST /admin/tokens/expire; POST /admin/token-failures {failure, retryAfter, count}; GET /admin/requests; \
            GET /admin/subscriptions; POST /admin/subscriptions/{id}/lifecycle {event}; GET /admin/deliveries.
            """)

    @Option(help: "The Graph and token port (0: a free one).")
    var port = 0

    @Option(help: "The admin API's port on 127.0.0.1 (0: a free one).")
    var adminPort = 0

    @Option(help: "A seed file (YAML or JSON): app registrations, mailboxes, folders, messages from .eml files.")
    var seed: String?

    @Option(help: "Serve HTTPS with this PEM certificate chain (needs --tls-key).")
    var tlsCert: String?

    @Option(help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "Messages in alice's Inbox when no seed file is given.")
    var messages = 25

    @Option(help: "Milliseconds every Graph request takes.")
    var responseDelayMs = 0

    @Option(help: "Concurrent requests per app and mailbox before 429 ApplicationThrottled.")
    var concurrentLimit = 4

    @Option(help: "PEM certificates to trust when sending notifications to https receivers.")
    var notificationCA: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        guard (0...65535).contains(port), (0...65535).contains(adminPort) else {
            throw ValidationError("--port and --admin-port must be between 0 and 65535")
        }
        guard messages >= 0, responseDelayMs >= 0, concurrentLimit >= 1 else {
            throw ValidationError("--messages and --response-delay-ms must be ≥ 0, --concurrent-limit ≥ 1")
        }
    }

    func run() async throws {
        let seedFile = try seed.map { try GraphSeed.load(path: $0) }
        var tls: GraphSimulatorConfiguration.TLS?
        if let tlsCert, let tlsKey {
            tls = .init(
                certificateChainPEM: try Self.read(tlsCert, option: "--tls-cert"),
                privateKeyPEM: try Self.read(tlsKey, option: "--tls-key"))
        }
        let builtInApp = GraphApplication(
            tenantID: Self.builtInTenantID, tenantDomains: [Self.builtInTenantDomain],
            clientID: Self.builtInClientID, secrets: [.init(Self.builtInSecret)])
        let applications = seedFile.map { $0.applications.isEmpty ? [builtInApp] : $0.applications } ?? [builtInApp]
        let mailboxes = seedFile?.mailboxes ?? Self.builtInMailboxes.map { .init($0) }
        let simulator = GraphSimulator(
            configuration: GraphSimulatorConfiguration(
                applications: applications, mailboxes: mailboxes, tls: tls, concurrentRequestLimit: concurrentLimit,
                responseDelay: .milliseconds(responseDelayMs),
                notificationTrustRootsPEM: try notificationCA.map { try Self.read($0, option: "--notification-ca") }
            ), port: port, adminPort: adminPort)
        if let seedFile {
            try simulator.populate(from: seedFile)
        } else {
            try Self.builtInContent(simulator, messages: messages)
        }
        let graphPort = try await simulator.start()
        // Unbuffered, so a script reading the pipe sees the ports at once.
        FileHandle.standardOutput.write(Data("PORT \(graphPort)\nADMIN_PORT \(simulator.adminPort ?? 0)\n".utf8))
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }

    private static func builtInContent(_ simulator: GraphSimulator, messages: Int) throws {
        let start = Date(timeIntervalSince1970: 1_772_445_600)  // 2026-03-02T10:00:00Z
        for index in 0..<messages {
            let mime =
                "From: Carol <carol@example.com>\r\nTo: alice@contoso.com\r\nSubject: Hello \(index)\r\n"
                + "Message-ID: <m\(index)@example.com>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody \(index)\r\n"
            try simulator.deliver(
                Array(mime.utf8), mailbox: "alice@contoso.com",
                received: start.addingTimeInterval(TimeInterval(index * 60)))
        }
        try simulator.createFolder(named: "Projects", in: .inbox, mailbox: "alice@contoso.com")
    }

    private static func read(_ path: String, option: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("\(option): cannot read \(path): \(error.localizedDescription)")
        }
    }
}
