import EntraSimulator
import Foundation
import GraphSimulator
import Testing

/// Microsoft's own Python SDK (msgraph-sdk with azure-identity's ClientSecretCredential and CertificateCredential
/// pointed at the simulator's token endpoint) and the O365 library, against the simulator over HTTPS: they list the
/// folders, page through inbox `messages/delta` to a delta link, see the next round's changes (made through the
/// admin API), and download a message's MIME. That is the evidence that the simulator speaks Graph as real clients
/// expect. `scripts/test` installs the clients and sets MAILSTREAM_GRAPH_CLIENTS_PYTHON.
@Suite struct GraphClientsTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/peers/graph-clients-check.py").path

    static let missingPython = "MAILSTREAM_GRAPH_CLIENTS_PYTHON is not set: run scripts/test, which installs "
        + "msgraph-sdk, azure-identity and O365 and sets it"

    @Test(arguments: ["msgraph", "o365"])
    func realClientsSyncAndFetch(client: String) async throws {
        let python = try #require(
            ProcessInfo.processInfo.environment["MAILSTREAM_GRAPH_CLIENTS_PYTHON"],
            Comment(rawValue: Self.missingPython))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("graph-clients-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ca = folder.appendingPathComponent("ca.pem")
        try Fixture.fixture("simulator-ec-certificate").write(to: ca, atomically: true, encoding: .utf8)
        let certificateAndKey = folder.appendingPathComponent("app.pem")
        try (try Fixture.fixture("app-private-key") + "\n" + Fixture.fixture("app-certificate"))
            .write(to: certificateAndKey, atomically: true, encoding: .utf8)

        var configuration = Fixture.configuration()
        configuration.tls = .init(
            certificateChainPEM: try Fixture.fixture("simulator-ec-certificate"),
            privateKeyPEM: try Fixture.fixture("simulator-ec-key"))
        let simulator = GraphSimulator(configuration: configuration, adminPort: 0)
        for index in 0..<7 {
            try simulator.deliver(
                Fixture.message(index), mailbox: Fixture.alice, received: Fixture.time(index),
                isRead: index == 0)
        }
        try simulator.createFolder(named: "Projects", in: .inbox, mailbox: Fixture.alice)
        let port = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let adminPort = try #require(simulator.adminPort)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                Self.script, "--base", "https://127.0.0.1:\(port)", "--admin", "http://127.0.0.1:\(adminPort)",
                "--ca", ca.path, "--tenant", Fixture.tenantID, "--client-id", Fixture.clientID,
                "--secret", Fixture.secret, "--mailbox", Fixture.alice, "--client", client,
            ]
            + (client == "msgraph" ? ["--cert", certificateAndKey.path] : [])
        // The simulator answers on this process's cooperative threads: nothing here may block one. The script
        // writes to files, and its exit is awaited through the termination handler.
        let outputFile = folder.appendingPathComponent("out.json")
        let errorFile = folder.appendingPathComponent("err.txt")
        #expect(FileManager.default.createFile(atPath: outputFile.path, contents: nil))
        #expect(FileManager.default.createFile(atPath: errorFile.path, contents: nil))
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume()
            }
        }
        let errors = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(client) failed: \(errors.suffix(4000))")
        let output = (try? Data(contentsOf: outputFile)) ?? Data()
        let report = try #require(
            (try JSONSerialization.jsonObject(with: output) as? [String: Any])?[client]
                as? [String: Any], "no report: \(String(decoding: output, as: UTF8.self))")
        #expect(report["error"] == nil, "\(report["error"] ?? "")")

        let folders = report["folders"] as? [String] ?? []
        #expect(
            folders == [
                "Archive", "Conversation History", "Deleted Items", "Drafts", "Inbox", "Junk Email",
                "Outbox", "Sent Items",
            ])
        #expect(report["inbox_children"] as? [String] == ["Projects"])
        let messages = report["delta_messages"] as? [[String: Any]] ?? []
        #expect(Set(messages.compactMap { $0["subject"] as? String }) == Set((0..<7).map { "Test message \($0)" }))
        #expect(report["delta_pages"] as? Int == 4, "7 messages, 2 a page")
        #expect((report["delta_link"] as? String)?.contains("$deltatoken=") == true)
        let second = report["second_round"] as? [[String: Any]] ?? []
        #expect(second.count == 2, "the new message and the read flag: \(second)")
        #expect(second.contains { $0["id"] as? String == report["created_id"] as? String })
        #expect(second.contains { $0["isRead"] as? Bool == true && $0["subject"] as? String != "New during \(client)" })
        let mime = report["mime"] as? [String: Any] ?? [:]
        let messageID = mime["internetMessageId"] as? String ?? ""
        let index = Int(messageID.dropFirst("<msg".count).prefix { $0.isNumber }) ?? -1
        #expect(mime["bytes"] as? Int == Fixture.message(index).count, "MIME of \(messageID)")
        #expect((mime["text"] as? String)?.contains("Message-ID: \(messageID)") == true)
        if client == "msgraph" {
            let folderDelta = report["folder_delta"] as? [[String: Any]] ?? []
            #expect(
                folderDelta.contains {
                    $0["name"] as? String == "Projects"
                        && $0["parent"] as? String == simulator.folderID(.inbox, mailbox: Fixture.alice)
                })
            #expect(report["folder_delta_link"] as? Bool == true)
            #expect(report["certificate_folders"] as? Int == 8, "CertificateCredential's assertion was accepted")
            #expect(simulator.tokenRequests.contains { $0.credential == .assertion && $0.status == 200 })
        }
        let paths = simulator.receivedRequests.map(\.target)
        #expect(paths.contains { $0.contains("/messages/") && $0.hasSuffix("/$value") })
    }
}
