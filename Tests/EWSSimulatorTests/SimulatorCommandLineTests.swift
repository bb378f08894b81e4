import Foundation
import NIOHTTP1
import Testing

/// The `mailstream-ews-sim` executable as a user runs it (SwiftPM builds it beside the test bundle).
@Suite("mailstream-ews-sim on the command line")
struct SimulatorCommandLineTests {
    static let executable = Bundle.module.bundleURL.deletingLastPathComponent()
        .appendingPathComponent("mailstream-ews-sim")
    static let seed = SeedTests.example.path

    /// Runs the simulator; `until` decides from what it wrote so far whether to stop it (nil: wait for its exit).
    static func run(_ arguments: [String], until ready: ((String) -> Bool)? = nil,
                    while running: (String) async throws -> Void = { _ in }) async throws
        -> (status: Int32, output: String, error: String)
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ews-sim-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputFile = folder.appendingPathComponent("out")
        let errorFile = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        try process.run()
        // Polls (never blocks a cooperative thread) for at most 30 s at each step.
        let deadline = ContinuousClock.now + .seconds(30)
        if let ready {
            while process.isRunning, !ready(read(outputFile)), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await running(read(outputFile))
            if process.isRunning { process.terminate() }
        }
        while process.isRunning, ContinuousClock.now < deadline + .seconds(5) {
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            process.terminate()
            Issue.record("mailstream-ews-sim \(arguments) did not exit")
            while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        }
        return (process.terminationStatus, read(outputFile), read(errorFile))
    }

    @Test func helpExitsZeroAndNamesTheLoginsSeedAndAdminAPI() async throws {
        let (status, output, _) = try await Self.run(["--help"])
        #expect(status == 0)
        for text in ["alice / Alice-Passw0rd!", "svc-sync / svc-S3cret", "--seed <file>", "--port <port>",
                     "--extended-protection", "--no-admin", "POST /_sim/failures", "server-busy", "unauthorized"] {
            #expect(output.contains(text), "--help lacks \(text)")
        }
    }

    @Test(arguments: [
        (["--bogus"], Int32(64), "Unknown option '--bogus'"),
        (["--auth", "kerberos"], 64, "--auth: unknown scheme 'kerberos'"),
        (["--tls-cert", "a.pem"], 64, "--tls-cert and --tls-key go together"),
        (["--seed", "/nonexistent/seed.yaml"], 1, "/nonexistent/seed.yaml: cannot read the file"),
        (["--seed", SimulatorCommandLineTests.seed, "--messages", "3"], 64, "--messages applies only without --seed"),
    ])
    func mistakesExitWithAClearMessage(arguments: [String], status: Int32, message: String) async throws {
        let result = try await Self.run(arguments)
        #expect(result.status == status)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test func theExampleSeedIsServedAndTheAdminAPIAnswers() async throws {
        var items: [[String: Any]] = []
        let result = try await Self.run(["--seed", Self.seed], until: { $0.contains("\n") }) { output in
            let port = try #require(Int(output.split(separator: "\n").first?.dropFirst("PORT ".count) ?? ""))
            try await TestHTTPConnection.with(port: port) { connection in
                let response = try await connection.send(
                    method: .GET, path: "/_sim/items?mailbox=alice@contoso.com&folder=Inbox/Projects")
                #expect(response.status == 200)
                let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                items = object?["items"] as? [[String: Any]] ?? []
            }
        }
        #expect(result.output.hasPrefix("PORT "))
        #expect(result.error.contains("logins: alice (alice@contoso.com), bob (bob@contoso.com), svc-sync"))
        #expect(items.compactMap { $0["subject"] as? String } == ["Projekt Kick-off – Agenda"])
    }
}
