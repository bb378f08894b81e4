import Domain
import EWS
import EWSSimulator
import Foundation
import Store
import SQLiteStore
import Testing

/// `mailstream sync --once`, the built executable, against the in-process simulator (issue 16, part 3): a cron
/// job no longer fails for a hiccup, and a mailbox that does fail is named, with why and what to do, at the end.
@Suite struct EWSRetryCommandLineTests {
    /// What one run of the executable did.
    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    /// The `mailstream` executable built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mailstream")
    }

    /// Runs `mailstream` without blocking this task's thread (the simulator answers it from this process); sends
    /// SIGTERM after `stopAfter` if it still runs then (for `serve`).
    static func mailstream(_ arguments: [String], stopAfter: Duration? = nil) async throws -> Run {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-run-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let outputFile = work.appendingPathComponent("out"), errorFile = work.appendingPathComponent("err")
        for file in [outputFile, errorFile] {
            try #require(FileManager.default.createFile(atPath: file.path, contents: nil))
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { return continuation.resume(throwing: error) }
            if let stopAfter {
                let pid = process.processIdentifier
                let seconds = Double(stopAfter.components.seconds) + Double(stopAfter.components.attoseconds) / 1e18
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { kill(pid, SIGTERM) }
            }
        }
        return Run(status: status, output: try String(contentsOf: outputFile, encoding: .utf8),
                   errors: try String(contentsOf: errorFile, encoding: .utf8))
    }

    /// A data folder and a configuration file naming the simulator's alice, removed by `body`'s end.
    static func withConfiguration<T>(port: Int, _ body: (_ data: URL, _ config: URL) async throws -> T)
        async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-retry-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("mail.yaml")
        try """
            integrations:
              - name: exchange
                owner: ops
                type: ews
                connection:
                  ews_endpoint: http://127.0.0.1:\(port)/EWS/Exchange.asmx
                  username: CONTOSO\\alice
                  password: \(EWSSyncTests.password)
                mailboxes:
                  - email: \(EWSSyncTests.alice)
                    bucket: mail
            """.write(to: config, atomically: true, encoding: .utf8)
        return try await body(folder.appendingPathComponent("data"), config)
    }

    @Test func aThrottledAndBusyServerStillSyncsAndExitsZero() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "no mailstream binary")
        let world = try await EWSSyncTests.World()
        for index in 0..<3 {
            try world.simulator.addMessage(EWSSyncTests.mail("c\(index)@x"), mailbox: EWSSyncTests.alice)
        }
        world.simulator.failNext(.syncFolderItems, with: .http429(retryAfter: 1))
        world.simulator.failNext(operation: "GetItem", with: .serverBusy(backOffMilliseconds: 300))
        try await Self.withConfiguration(port: world.port) { data, config in
            let clock = ContinuousClock()
            let start = clock.now
            let run = try await Self.mailstream(["sync", "--once", "--config", config.path, "--data", data.path,
                                                 "--allow-private-networks"])
            let elapsed = clock.now - start
            #expect(run.status == 0, "\(run.output) \(run.errors)")
            #expect(run.output.contains("exchange alice@contoso.com: "), "\(run.output)")
            #expect(run.output.contains(", 3 new, 0 updated, 0 removed, 0 skipped, 2 retries (waited "),
                    "\(run.output)")
            #expect(!run.output.contains("failed"), "\(run.output)")
            #expect(elapsed >= .milliseconds(1_300))
            // Every message stored exactly once.
            let dataFolder = try DataFolder(path: data.path)
            let store = SQLiteStore(dataFolder: dataFolder,
                                    secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            let source = try #require(try await store.source(owner: "ops", name: "mail"))
            let ids = try await store.comments(sourceID: source.id, afterSequence: 0, limit: 100).map(\.comment.id)
            #expect(ids.sorted() == (0..<3).map { ContentHash.hex("c\($0)@x".utf8) }.sorted())
            #expect(try await store.errors(integrationID: try #require(try await store.integrations().first?.id))
                .isEmpty)
        }
        await world.stop()
    }

    @Test func aServerThatStaysBusyFailsTheRunAndSaysWhichMailboxAndWhy() async throws {
        let world = try await EWSSyncTests.World()
        try world.simulator.addMessage(EWSSyncTests.mail("d@x"), mailbox: EWSSyncTests.alice)
        world.simulator.failNext(.syncFolderItems, with: .serverBusy(backOffMilliseconds: 300), count: 1_000)
        try await Self.withConfiguration(port: world.port) { data, config in
            let run = try await Self.mailstream(["sync", "--once", "--config", config.path, "--data", data.path,
                                                 "--allow-private-networks", "--retry-budget", "1.5"])
            #expect(run.status == 1, "\(run.output) \(run.errors)")
            let lines = run.output.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("exchange alice@contoso.com: failed: the Exchange server is busy: ")
                == true, "\(run.output)")
            #expect(lines.dropLast().last == "1 of 1 mailboxes failed:", "\(run.output)")
            let last = try #require(lines.last)
            #expect(last.hasPrefix("failed: exchange alice@contoso.com: the Exchange server is busy: temporary: "
                + "Mailstream tries again in "), "\(last)")
            #expect(last.hasSuffix("the retry budget is 1.5 s (--retry-budget))"), "\(last)")
        }
        await world.stop()
    }

    /// `serve` takes the same budget: with the default (60 s) a busy server is retried within the pass; with
    /// `--retry-budget 0` the first failure goes up at once and the mailbox loop records it.
    @Test(arguments: [nil, "0"])
    func serveRetriesWithinAPassAsItsBudgetSays(_ budget: String?) async throws {
        let world = try await EWSSyncTests.World()
        try world.simulator.addMessage(EWSSyncTests.mail("s@x"), mailbox: EWSSyncTests.alice)
        world.simulator.failNext(.syncFolderItems, with: .serverBusy(backOffMilliseconds: 300), count: 1_000)
        try await Self.withConfiguration(port: world.port) { data, config in
            let run = try await Self.mailstream(["serve", "--config", config.path, "--data", data.path, "--port", "0",
                                                 "--allow-private-networks", "--log-level", "notice"]
                                                    + (budget.map { ["--retry-budget", $0] } ?? []),
                                                stopAfter: .seconds(4))
            #expect(run.status == 0, "\(run.errors)")
            let retried = run.errors.contains("retrying within the pass")
            let failed = run.errors.contains("mailbox sync failed")
            if budget == nil {
                #expect(retried && !failed, "\(run.errors)")
            } else {
                #expect(!retried && failed, "\(run.errors)")
            }
        }
        await world.stop()
    }

    @Test(arguments: [["sync", "--once"], ["serve"]], ["-1", "nan", "90000", "soon"])
    func aBadRetryBudgetIsRefused(_ command: [String], _ value: String) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-retry-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let run = try await Self.mailstream(command + ["--data", data.path, "--retry-budget", value],
                                            stopAfter: .seconds(10))
        #expect(run.status != 0)
        #expect(run.errors.contains("--retry-budget") && !run.errors.contains("Unknown option"), "\(run.errors)")
    }
}
