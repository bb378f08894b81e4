import EntraSimulator
import Foundation
import GraphSimulator
import NIOHTTP1
import Testing

/// The seed file: the example in scripts/graph-sim loads, and mistakes name the field.
@Suite struct SeedFileTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/graph-sim/seed.yaml").path

    @Test func theExampleSeedLoads() async throws {
        let seed = try GraphSeed.load(path: Self.example)
        #expect(seed.applications.map(\.clientID) == ["6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f"])
        #expect(seed.mailboxes.map(\.address) == ["alice@contoso.com", "bob@contoso.com"])
        let simulator = GraphSimulator(
            configuration: GraphSimulatorConfiguration(
                applications: seed.applications,
                mailboxes: seed.mailboxes))
        try simulator.populate(from: seed)
        let port = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let token = try await GraphSession.token(
            port: port, secret: "GraphSim~S3cret.For-Tests",
            tenant: "contoso.onmicrosoft.com")
        let session = GraphSession(port: port, token: token)
        let expired = try await TestHTTP.send(
            port: port, method: .POST, target: "/contoso.onmicrosoft.com/oauth2/v2.0/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: TestHTTP.form([
                ("client_id", "6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f"),
                ("client_secret", "old-secret-that-expired"), ("scope", Fixture.scope),
                ("grant_type", "client_credentials"),
            ]))
        #expect(expired.json["error_codes"] as? [Int] == [7_000_222])
        let year = try #require(simulator.folderID(.path(["inbox", "Projects", "2026"]), mailbox: Fixture.alice))
        let nested = try await session.deltaRound("/v1.0/users/\(Fixture.alice)/mailFolders/\(year)/messages/delta")
        #expect(nested.items.compactMap { $0["subject"] as? String } == ["Fwd: Original question"])
        let projects = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/inbox/childFolders")
        #expect(projects.value.first?["totalItemCount"] as? Int == 1)
        let archive = try await session.get("/v1.0/users/\(Fixture.bob)/mailFolders/archive/messages")
        #expect(archive.value.first?["receivedDateTime"] as? String == "2026-02-27T08:00:00Z")
        let top = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders?$top=20")
        #expect(top.value.contains { $0["displayName"] as? String == "Receipts" })
    }

    @Test func certificatesAndAccessPoliciesComeFromTheSeed() throws {
        let fixtures = try #require(Bundle.module.url(forResource: "app-certificate", withExtension: "pem",
                                                      subdirectory: "Fixtures")).deletingLastPathComponent()
        let text = """
            applications:
              - tenantId: t1
                clientId: c1
                certificateFile: app-certificate.pem
                allowedMailboxes: [a@b.c]
            """
        let seed = try GraphSeed(text: text, directory: fixtures)
        #expect(seed.applications.first?.certificatePEM?.contains("BEGIN CERTIFICATE") == true)
        #expect(seed.applications.first?.allowedMailboxes == ["a@b.c"])
    }

    @Test func mistakesNameTheField() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
        #expect(throws: GraphSimulatorError.invalidSeed) {
            _ = try GraphSeed(text: "applications:\n  - tenantId: t\n", directory: directory)
        }
        do {
            _ = try GraphSeed(text: "applications:\n  - tenantId: t\n", directory: directory)
        } catch {
            #expect("\(error)".contains("applications[0].clientId is required"), "\(error)")
        }
        let seed = try GraphSeed(
            text: "mailboxes:\n  - address: a@b.c\n    messages:\n      - file: missing.eml\n",
            directory: directory)
        let simulator = GraphSimulator(configuration: .init(mailboxes: seed.mailboxes))
        do {
            try simulator.populate(from: seed)
            Issue.record("a missing file must be refused")
        } catch {
            #expect("\(error)".contains("mailboxes[0].messages[0].file"), "\(error)")
        }
        let folder = try GraphSeed(
            text: "mailboxes:\n  - address: a@b.c\n    folders:\n      - {name: X, parent: nowhere}\n",
            directory: directory)
        #expect(throws: GraphSimulatorError.unknownFolder) {
            try GraphSimulator(configuration: .init(mailboxes: folder.mailboxes)).populate(from: folder)
        }
    }
}
