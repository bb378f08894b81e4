import Foundation
import Synchronization
import Testing

@testable import EWSSimulator

@Suite("Seed files")
struct SeedTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/ews-sim/seed.yaml")

    @Test func theExampleSeedBuildsItsUsersMailboxesFoldersAndMessages() async throws {
        let seed = try SimulatorSeed(contentsOf: Self.example)
        #expect(seed.accounts.map(\.login) == ["alice", "bob", "svc-sync"])
        #expect(seed.accounts[1].delegateMailboxes == ["shared@contoso.com"])
        #expect(seed.accounts[2].canImpersonate)
        #expect(seed.accounts[2].smtpAddress == nil)
        #expect(seed.extraMailboxes == ["shared@contoso.com"])
        let simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: [.basic], accounts: seed.accounts, extraMailboxes: seed.extraMailboxes))
        try seed.populate(simulator)
        let alice = simulator.items(mailbox: "alice@contoso.com")
        #expect(alice.map(\.folder) == ["Inbox", "Inbox", "Inbox", "Inbox/Projects", "Archive"])
        #expect(alice.first?.subject == "RE: Quarterly report Q1")
        #expect(alice.first(where: { $0.subject == "Welcome to Contoso" })?.isRead == true)
        #expect(alice.first(where: { $0.folder == "Inbox/Projects" })?.subject == "Projekt Kick-off – Agenda")
        #expect(alice.last?.received == ItemQuery.dateTime("2025-12-12T11:00:00Z"))
        #expect(simulator.items(mailbox: "bob@contoso.com").map(\.subject) == ["Lunch on Friday?"])
        #expect(simulator.items(mailbox: "shared@contoso.com").map(\.subject) == ["New support request #4711"])
        // The attachment is taken from the MIME.
        let report = try #require(alice.first { $0.subject == "Quarterly report Q1" })
        let record = try #require(simulator.state.withLock { $0.store.item(id: report.id)?.record })
        #expect(record.attachments.map(\.name) == ["q1-report.pdf"])
        #expect(record.attachments.first.map { String(decoding: $0.content.prefix(8), as: UTF8.self) } == "%PDF-1.4")
        #expect(record.importance == "High")
    }

    @Test(arguments: [
        ("users: [{login: a, password: b, adress: a@b.c}]", "users[0]: unknown key 'adress'"),
        ("users: [{login: a}]", "users[0].password: is required"),
        ("users: [{login: a, password: b, address: nope}]", "users[0].address: 'nope' is not an SMTP address"),
        ("users: [{login: a, password: b}, {login: A, password: c}]", "users[1].login: the login A is listed twice"),
        ("mailboxes: [{address: a@b.c, folders: [{name: Inbox, messages: [{eml: missing.eml}]}]}]",
         "mailboxes[0].folders[0].messages[0].eml: cannot read"),
        ("mailboxes: [{address: a@b.c, folders: [{name: Inbox, messages: [{text: x, received: soon}]}]}]",
         "mailboxes[0].folders[0].messages[0].received: 'soon' is not a date"),
        ("mailboxes: [{address: a@b.c, folders: [{name: Inbox, messages: [{read: true}]}]}]",
         "mailboxes[0].folders[0].messages[0]: needs eml (a file) or text"),
        ("mailboxes: {address: a@b.c}", "mailboxes: expected a list"),
        ("users: [", "not valid YAML or JSON"),
    ])
    func mistakesNameTheEntry(yaml: String, message: String) throws {
        do {
            _ = try SimulatorSeed(yaml: yaml, file: "s.yaml", baseDirectory: FileManager.default.temporaryDirectory)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.description.hasPrefix("s.yaml: "), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func jsonWorksAsWellAndNestedFoldersAreCreated() throws {
        let json = """
            {"mailboxes": [{"address": "a@b.c", "folders": [{"name": "Clients", "folders": [{"name": "Acme",
              "messages": [{"text": "Subject: hi\\n\\nbody\\n", "received": "2026-01-01T00:00:00Z"}]}]}]}]}
            """
        let seed = try SimulatorSeed(yaml: json, baseDirectory: FileManager.default.temporaryDirectory)
        let simulator = EWSSimulator(configuration: EWSSimulatorConfiguration())
        try seed.populate(simulator)
        #expect(simulator.items(mailbox: "a@b.c").map(\.folder) == ["Clients/Acme"])
        #expect(simulator.items(mailbox: "a@b.c").first?.subject == "hi")
    }
}
