import Domain
import EWSSimulator
import Foundation
import Sync
import Testing

/// Issue 16, part 2, for Exchange: while the engine waits, a GetFolder of the synced folders' counts every 5 s
/// brings a new item of any synced folder in within seconds, long before the engine's poll (ten minutes here).
@Suite struct EWSLiveFolderTests {
    @Test func newMailInAnySyncedFolderShowsWithinSeconds() async throws {
        let world = try await EWSSyncTests.World(pollInterval: .seconds(600))
        try await world.addIntegration()
        let alice = EWSSyncTests.alice
        let projects = try world.simulator.createFolder(named: "Projects", in: .inbox, mailbox: alice)
        try world.simulator.addMessage(EWSSyncTests.mail("before@x"), mailbox: alice)
        let running = Task { try await world.engine.run() }

        func arrival(of id: String, within limit: Duration) async throws -> Duration? {
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < limit {
                if try await world.folder(of: id) != nil { return clock.now - start }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }
        #expect(try await arrival(of: "before@x", within: .seconds(30)) != nil, "the first pass")
        try await Task.sleep(for: .seconds(1))  // the pass is written; the engine waits
        let beforeInbox = world.simulator.receivedOperations.count
        try world.simulator.addMessage(EWSSyncTests.mail("inbox@x"), mailbox: alice)
        let inbox = try await arrival(of: "inbox@x", within: .seconds(15))
        // What the source asked while the test waited, for a failure's message: GetFolder polls, then a pass.
        let inboxOperations = world.simulator.receivedOperations.dropFirst(beforeInbox)
        let beforeProjects = world.simulator.receivedOperations.count
        try world.simulator.addMessage(EWSSyncTests.mail("projects@x"), to: .id(projects), mailbox: alice)
        let other = try await arrival(of: "projects@x", within: .seconds(15))
        let projectsOperations = world.simulator.receivedOperations.dropFirst(beforeProjects)
        running.cancel()
        _ = await running.result
        await world.stop()
        print("EWSLiveFolderTests: Inbox \(inbox.map { "\($0)" } ?? "not within 15 s"), "
            + "Inbox/Projects \(other.map { "\($0)" } ?? "not within 15 s")")
        #expect(inbox != nil, """
            a new item in Inbox did not arrive within 15 s (the poll is 10 min); \
            the source asked meanwhile: \(inboxOperations.joined(separator: ", "))
            """)
        #expect(other != nil, """
            a new item in Inbox/Projects did not arrive within 15 s (the poll is 10 min); \
            the source asked meanwhile: \(projectsOperations.joined(separator: ", "))
            """)
    }
}
