import Domain
import Foundation
import MIME
import Store
import Testing

/// DESIGN.md invariant 1: `mailstream sync --once` killed with SIGKILL at 20 random moments of a large initial
/// sync, and restarted each time, ends with exactly the comments of an uninterrupted run.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct CrashRecoveryTests {
    /// The `mailstream` executable built beside the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mailstream")
    }

    @Test func killedSyncRestartsToTheSameComments() async throws {
        let peer = try #require(DovecotPeer.shared)
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "no mailstream binary")
        let user = try peer.addUser("crash")
        let messages = try IMAPSyncTests.corpus(2_000)
        for (index, message) in messages.enumerated() {
            try peer.save(message, user: user.name, folder: index % 4 == 0 ? "Archive" : "INBOX")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-crash-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("config.yaml")
        try """
            integrations:
              - name: crash
                type: imap
                connection: {host: \(peer.host), port: \(peer.imapsPort), security: tls, username: \(user.name),
                             password: \(user.password), ca_file: \(peer.caFile)}
                mailboxes: [{email: \(user.name), bucket: mail}]
            """.write(to: config, atomically: true, encoding: .utf8)

        let reference = work.appendingPathComponent("reference")
        #expect(try await run(data: reference, config: config, killAfterProgress: nil) == 0)
        let expected = try await commentIDs(reference)

        // Each kill comes a random few milliseconds after the run committed a page, so it lands while the next
        // page is being fetched, converted or committed, whatever the machine's speed; pages remain after all
        // twenty (2,000 mails are 20+ pages of 100).
        let interrupted = work.appendingPathComponent("interrupted")
        let progress = try ProgressProbe(data: interrupted)
        var killsMidSync = 0
        for _ in 0..<20 {
            let status = try await run(data: interrupted, config: config, killAfterProgress: progress)
            if status == nil, try await progress.count() < expected.count { killsMidSync += 1 }
        }
        #expect(try await run(data: interrupted, config: config, killAfterProgress: nil) == 0)
        #expect(killsMidSync >= 10, "only \(killsMidSync) of 20 kills interrupted a sync in progress")

        let recovered = try await commentIDs(interrupted)
        #expect(expected.count == recovered.count)
        #expect(Set(expected) == Set(recovered))
        #expect(Set(recovered).count == recovered.count)
        #expect(expected.count == Set(messages.map { EmailToComment.commentID(MIMEParser().parse($0)) }).count)
    }

    /// Runs one `sync --once`; with a probe, sends SIGKILL a random 0-40 ms after the run's first commit and
    /// returns nil if the process was still running then.
    private func run(data: URL, config: URL, killAfterProgress probe: ProgressProbe?) async throws -> Int32? {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["sync", "--once", "--data", data.path, "--config", config.path, "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let before = try await probe?.count() ?? 0
        try process.run()
        if let probe {
            while process.isRunning, try await probe.count() == before {
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...40)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func commentIDs(_ data: URL) async throws -> [String] {
        let folder = try DataFolder(path: data.path)
        let store = SQLiteStore(dataFolder: folder,
                                secrets: try SecretBox.load(environment: [:], keyFile: folder.secretKeyFile))
        guard let source = try await store.source(owner: "default", name: "mail") else { return [] }
        return try await store.comments(sourceID: source.id, afterSequence: 0, limit: 100_000).map(\.comment.id)
    }
}

/// Counts the comments a `sync --once` process has committed so far, reading the same SQLite file (WAL readers
/// never block the writer).
struct ProgressProbe {
    let store: SQLiteStore

    init(data: URL) throws {
        let folder = try DataFolder(path: data.path)
        store = SQLiteStore(dataFolder: folder,
                            secrets: try SecretBox.load(environment: [:], keyFile: folder.secretKeyFile))
    }

    func count() async throws -> Int {
        guard let source = try await store.source(owner: "default", name: "mail") else { return 0 }
        return try await store.commentCount(sourceID: source.id)
    }
}
