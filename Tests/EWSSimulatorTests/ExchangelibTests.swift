import EWSSimulator
import Foundation
import Testing

/// exchangelib, a widely used real EWS client (PyPI), against the simulator: it lists the folders, syncs the
/// inbox with `sync_items` in pages, finds nothing new on a second sync, and fetches MIME content, with NTLM
/// and with Basic (and impersonation), and with NTLM over HTTPS under Extended Protection "require" (requests-ntlm
/// binds the login to the certificate through pyspnego, as Windows clients do). That is the evidence that the
/// simulator speaks EWS as real clients expect. `scripts/test` installs exchangelib and sets MAILSTREAM_EXCHANGELIB_PYTHON.
@Suite(.enabled(if: ExchangelibPeer.python != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                "exchangelib not installed: run scripts/test, which installs it"))
struct ExchangelibTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/peers/exchangelib-check.py").path

    static func mime(_ index: Int) -> [UInt8] {
        Array(("From: Carol <carol@example.com>\r\nTo: alice@contoso.com\r\nSubject: Hello \(index)\r\n"
            + "Message-ID: <m\(index)@example.com>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody \(index)\r\n").utf8)
    }

    @Test(arguments: [("ntlm", false, false), ("basic", false, false), ("basic", true, false), ("ntlm", false, true)])
    func exchangelibSyncsAndFetches(auth: String, impersonate: Bool, overTLS: Bool) async throws {
        let python = try #require(ExchangelibPeer.python, "MAILSTREAM_EXCHANGELIB_PYTHON is not set")
        // A self-signed certificate for 127.0.0.1, which the script trusts through REQUESTS_CA_BUNDLE.
        let certificate = try #require(Bundle.module.url(forResource: "simulator-ec-certificate", withExtension: "pem",
                                                         subdirectory: "Fixtures"))
        let key = try #require(Bundle.module.url(forResource: "simulator-ec-key", withExtension: "pem",
                                                 subdirectory: "Fixtures"))
        let tls = overTLS
            ? EWSSimulatorConfiguration.TLS(certificateChainPEM: try String(contentsOf: certificate, encoding: .utf8),
                                            privateKeyPEM: try String(contentsOf: key, encoding: .utf8))
            : nil
        let simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: [.ntlm, .basic],
            accounts: [.init(login: "alice", password: "Alice-Passw0rd!", smtpAddress: "alice@contoso.com"),
                       .init(login: "svc-sync", password: "svc-S3cret", canImpersonate: true)],
            tls: tls,
            extendedProtection: overTLS ? .require : .off
        ))
        for index in 0..<25 { try simulator.addMessage(Self.mime(index), mailbox: "alice@contoso.com") }
        try simulator.createFolder(named: "Projects", in: .inbox, mailbox: "alice@contoso.com")
        let port = try await simulator.start()
        defer { Task { await simulator.stop() } }

        let endpoint = "\(overTLS ? "https" : "http")://127.0.0.1:\(port)/EWS/Exchange.asmx"
        let report = try await Self.run(
            python, [Self.script, "--endpoint", endpoint, "--auth", auth, "--user", impersonate ? "svc-sync" : "alice",
                     "--password", impersonate ? "svc-S3cret" : "Alice-Passw0rd!", "--mailbox", "alice@contoso.com"]
                + (impersonate ? ["--impersonate"] : []),
            environment: ["REQUESTS_CA_BUNDLE": certificate.path])
        let folders = report["folders"] as? [String] ?? []
        #expect(folders.contains("Inbox"))
        #expect(folders.contains("Projects"))
        #expect((report["first_sync"] as? [String: Any])?["creates"] as? Int == 25)
        #expect(report["second_sync"] as? Int == 0)
        let fetched = report["fetched"] as? [[String: Any]] ?? []
        #expect(fetched.count == 3)
        for item in fetched {
            let id = item["message_id"] as? String ?? ""
            let index = Int(id.dropFirst(2).prefix { $0.isNumber }) ?? -1
            #expect(item["mime_bytes"] as? Int == Self.mime(index).count, "MIME of \(id)")
        }
    }

    /// Runs the script and returns the JSON object it printed.
    static func run(_ python: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> [String: Any]
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.arguments = arguments
        // The simulator answers on this process's cooperative threads, so nothing here may block one of them:
        // the script writes to files and its exit is awaited through the termination handler.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exchangelib-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
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
        let outputData = (try? Data(contentsOf: outputFile)) ?? Data()
        let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
        #expect(process.terminationStatus == 0, "exchangelib failed: \(String(decoding: errorData.suffix(3_000), as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: outputData) as? [String: Any])
    }
}

enum ExchangelibPeer {
    static let python = ProcessInfo.processInfo.environment["MAILSTREAM_EXCHANGELIB_PYTHON"]
}
