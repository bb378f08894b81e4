import Testing
@testable import IMAP

/// What the session state decides beyond tags and continuations: a server's BYE fails every command in flight
/// (but LOGOUT, whose answer follows it), and which responses are news rather than answers to the command in flight.
@Suite struct SessionClosingTests {
    private func receive(_ text: String, into session: inout IMAPSessionState) throws -> [SessionAction] {
        try parseEvents(text).flatMap { session.receive($0) }
    }

    @Test func byeFailsEveryCommandInFlight() throws {
        var session = IMAPSessionState(tagPrefix: "M")
        _ = session.send(.login(username: "alice", password: "pa\"ss"))  // waits for `+`
        _ = session.send(.noop)  // held back behind it
        #expect(session.commandsInFlight == 2)
        let actions = try receive("* BYE Server shutting down\r\n", into: &session)
        #expect(actions == [
            .untagged(.condition(.bye, code: nil, text: "Server shutting down")),
            .serverClosing(reason: "Server shutting down"),
            .commandAborted(tag: "M1", command: "LOGIN", reason: "Server shutting down"),
            .commandAborted(tag: "M2", command: "NOOP", reason: "Server shutting down"),
        ])
        #expect(session.commandsInFlight == 0)
        #expect(session.isClosed)
        // The held-back command is never written, even when a `+` still comes.
        #expect(try receive("+ go on\r\n", into: &session) == [.protocolError(reason: "unexpected continuation request")])
    }

    @Test func byeDuringIdleEndsIt() throws {
        var session = IMAPSessionState()
        _ = session.send(.idle)
        _ = try receive("+ idling\r\n", into: &session)
        let actions = try receive("* BYE Disconnected for inactivity\r\n", into: &session)
        #expect(actions.last == .commandAborted(tag: "A1", command: "IDLE", reason: "Disconnected for inactivity"))
        #expect(!session.isIdling)
        #expect(session.endIdle() == [])
    }

    @Test func byeBeforeLogoutsAnswerAbortsNothing() throws {
        var session = IMAPSessionState()
        _ = session.send(.logout)
        let actions = try receive("* BYE Logging out\r\n", into: &session)
        #expect(!actions.contains { if case .commandAborted = $0 { true } else { false } })
        #expect(session.commandsInFlight == 1)
    }

    @Test func responsesAreNewsUnlessTheCommandInFlightAsked() throws {
        var session = IMAPSessionState()
        let exists = try #require(try parseEvents("* 5 EXISTS\r\n").first)
        let status = try #require(try parseEvents("* STATUS Archive (MESSAGES 1 UIDNEXT 2)\r\n").first)
        let fetch = try #require(try parseEvents("* 3 FETCH (FLAGS (\\Seen))\r\n").first)
        // No command in flight: everything is news.
        #expect(session.notice(in: exists) == .selected)
        #expect(session.notice(in: status) == .mailbox("Archive"))
        // EXAMINE asked for EXISTS; its STATUS and FETCH are news.
        _ = session.send(.examine("Archive"))
        #expect(session.notice(in: exists) == nil)
        #expect(session.notice(in: status) == .mailbox("Archive"))
        #expect(session.notice(in: fetch) == .selected)
        _ = try receive("A1 OK [READ-ONLY] done\r\n", into: &session)
        // A LIST asked for STATUS; a UID FETCH for FETCH.
        _ = session.send(.list(returnStatus: [.messages]))
        #expect(session.notice(in: status) == nil)
        #expect(session.notice(in: exists) == .selected)
        _ = try receive("A2 OK done\r\n", into: &session)
        _ = session.send(.uidFetch(UIDSet(numbers: [1]), [.flags]))
        #expect(session.notice(in: fetch) == nil)
        _ = try receive("A3 OK done\r\n", into: &session)
        // In IDLE, everything is news again.
        _ = session.send(.idle)
        #expect(session.notice(in: exists) == .selected)
        #expect(session.notice(in: fetch) == .selected)
    }
}
