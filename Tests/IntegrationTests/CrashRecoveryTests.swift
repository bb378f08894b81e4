import Domain
import Foundation
import MIME
import SQLiteStore
import Store
import Testing

/// DESIGN.md invariant 1: `mailstream sync --once` killed with SIGKILL at 20 random moments of a large initial
/// sync (at least 10 on a machine fast enough to finish sooner), and restarted each time, ends with exactly the
/// comments of an uninterrupted run.
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
        // jwz's 2,403 mails and a copy of each under another Message-ID: every run commits at least its first
        // page of 100 and usually a group of pages after it, so twenty kills need thousands of mails.
        let originals = try IMAPSyncTests.corpus(2_403)
        let messages = try originals + originals.map { try #require(Self.copy($0)) }
        try peer.deliver(messages.enumerated().filter { $0.offset % 4 != 0 }.map(\.element), user: user.name,
                         folder: "INBOX")
        try peer.deliver(messages.enumerated().filter { $0.offset % 4 == 0 }.map(\.element), user: user.name,
                         folder: "Archive")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-crash-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("config.yaml")
        // Dovecot listens on 127.0.0.1, which the outbound policy refuses unless the file allows it.
        try """
            network: {allow_private_networks: true}
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
        // pages are being fetched, converted or committed, whatever the machine's speed. Runs go on until twenty
        // kills have landed mid-sync or a run gets to the end.
        let interrupted = work.appendingPathComponent("interrupted")
        var progress = try ProgressProbe(data: interrupted)
        var committed: [Int] = []
        // A run the kill missed (a fast machine synced to the end first) starts the folder over, so that a quick
        // sync can't end the test with too few kills; at most 60 runs either way.
        for _ in 0..<60 where committed.count < 20 {
            let status = try await run(data: interrupted, config: config, killAfterProgress: progress)
            let count = try await progress.count()
            if status == nil, count < expected.count {
                committed.append(count)
            } else if committed.count >= 10 {
                break
            } else {
                try FileManager.default.removeItem(at: interrupted)
                progress = try ProgressProbe(data: interrupted)
            }
        }
        // In the test log either way: how many kills landed mid-sync here, and how far each run had got.
        print("CrashRecoveryTests: \(committed.count) kills landed mid-sync; comments after each: \(committed)")
        #expect(try await run(data: interrupted, config: config, killAfterProgress: nil) == 0)
        #expect(committed.count >= 10, """
            only \(committed.count) kills interrupted a sync in progress; comments after each: \(committed)
            """)

        let recovered = try await commentIDs(interrupted)
        #expect(expected.count == recovered.count)
        #expect(Set(expected) == Set(recovered))
        #expect(Set(recovered).count == recovered.count)
        #expect(expected.count == Set(messages.map { EmailToComment.commentID(MIMEParser().parse($0)) }).count)
    }

    /// The message under another Message-ID ("copy." after its "<"), nil if it has none.
    static func copy(_ message: [UInt8]) -> [UInt8]? {
        var lineStart = 0
        while lineStart < message.count, ![UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(message[lineStart]) {
            let lineEnd = message[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? message.count
            if String(decoding: message[lineStart..<lineEnd].prefix(11), as: UTF8.self).lowercased() == "message-id:" {
                // The value may be folded onto the next line.
                guard let open = message[lineStart...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
                return Array(message[...open]) + Array("copy.".utf8) + Array(message[(open + 1)...])
            }
            lineStart = lineEnd + 1
        }
        return nil
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
