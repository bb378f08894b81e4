import Domain
import Foundation
import Store
import SQLiteStore
import Testing
@testable import Webhooks

/// kill -9 of the built `mailstream serve` while it delivers loses nothing: after each restart the batch in flight
/// comes again with the same id and body, and the receiver ends up with every comment, in order.
@Suite struct ServeKillTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mailstream")
    }

    func serve(_ fixture: WebhookFixture) throws -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--data", fixture.folder.appendingPathComponent("data").path, "--port", "0",
                             "--outbound-allow", "127.0.0.1/32", "--log-level", "warning"]
        let log = fixture.folder.appendingPathComponent("serve.log")
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    @Test func killedServeDeliversEverythingAfterRestarts() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable.path), "no mailstream binary")
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        try await fixture.addEmails(0..<120)
        // Slow enough answers that a kill often lands while a request is out.
        let receiver = WebhookReceiver { _ in .init(status: 200, delay: .milliseconds(60)) }
        try await receiver.start()
        defer { receiver.stop() }
        let secret = WebhookSecret.generate()
        let webhook = try await fixture.store.saveWebhook(streamID: fixture.stream.id, url: receiver.url, batchSize: 4,
                                                          secret: secret)
        let expected = try await fixture.allUIDs()
        var kills = 0
        for round in 0..<4 {
            let process = try serve(fixture)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
            let before = receiver.received.count
            if round < 3 {
                // A few deliveries in, then kill -9 at a random moment.
                #expect(try await eventually(within: .seconds(30)) { receiver.received.count >= before + 3 })
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...90)))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                kills += 1
            } else {
                let done = try await eventually(within: .seconds(60)) {
                    let idle = try await fixture.store.webhook(id: webhook.id)?.pending == nil
                    let got = Set(receiver.received.flatMap { (try? WebhookFixture.uids(in: $0.body)) ?? [] })
                    return idle && got.count == expected.count
                }
                #expect(done, "serve log: \((try? String(contentsOf: fixture.folder.appendingPathComponent("serve.log"), encoding: .utf8)) ?? "")")
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
        }
        #expect(kills == 3)

        var bodies: [String: Data] = [:]
        var kept: [String] = []
        for request in receiver.received {
            #expect(WebhookSignature.verify(id: request.id, timestamp: request.timestamp, body: request.body,
                                            signatures: request.signature, secret: secret))
            if let body = bodies[request.id] {
                #expect(body == request.body, "a delivery sent again after a kill is the same delivery")
            } else {
                bodies[request.id] = request.body
                kept += try WebhookFixture.uids(in: request.body)
            }
        }
        #expect(kept == expected, "every comment once, in order, after \(kills) kills")
        let position = try await fixture.store.stream(datasetID: fixture.dataset.id, name: "push")?.position
        #expect(position == (try await fixture.store.streamBatch(sourceIDs: [fixture.source.id], after: StreamPosition(),
                                                                 limit: 1_000, filter: CommentFilter()).next))
    }
}
