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
        let messages = try IMAPSyncTests.corpus(1_000)
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
        let started = ContinuousClock.now
        #expect(try run(data: reference, config: config, killAfter: nil) == 0)
        let duration = ContinuousClock.now - started
        let expected = try await commentIDs(reference)

        // Each kill comes at a random moment within the time the rest of the sync should still take, so kills land
        // while work remains (during connect, fetch, conversion or a commit) whatever the machine's speed.
        let interrupted = work.appendingPathComponent("interrupted")
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        var killsMidSync = 0
        var done = 0
        for _ in 0..<20 {
            let remaining = seconds * (1 - Double(done) / Double(max(1, expected.count)))
            let status = try run(data: interrupted, config: config,
                                 killAfter: Double.random(in: 0.02...max(0.05, remaining * 0.8)))
            done = try await commentIDs(interrupted).count
            if status == nil, done < expected.count { killsMidSync += 1 }
        }
        #expect(try run(data: interrupted, config: config, killAfter: nil) == 0)
        #expect(killsMidSync >= 10, "only \(killsMidSync) of 20 kills interrupted a sync in progress")

        let recovered = try await commentIDs(interrupted)
        #expect(expected.count == recovered.count)
        #expect(Set(expected) == Set(recovered))
        #expect(Set(recovered).count == recovered.count)
        #expect(expected.count == Set(messages.map { EmailToComment.commentID(MIMEParser().parse($0)) }).count)
    }

    /// Runs one `sync --once`; with `killAfter`, sends SIGKILL then and returns nil if it was still running.
    private func run(data: URL, config: URL, killAfter: Double?) throws -> Int32? {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["sync", "--once", "--data", data.path, "--config", config.path, "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let killAfter {
            Thread.sleep(forTimeInterval: killAfter)
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
