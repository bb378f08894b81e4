import Testing
@testable import IMAP

/// Parses a server transcript and feeds every event to the session, returning the actions in order.
private func receive(_ text: String, into session: inout IMAPSessionState) throws -> [SessionAction] {
    try parseEvents(text).flatMap { session.receive($0) }
}

private func chunk(_ text: String, waits: Bool = false) -> OutboundChunk {
    OutboundChunk(Array(text.utf8), awaitsContinuation: waits)
}

private func completion(
    _ command: String, _ tag: String, _ status: ResponseStatus, _ text: String, code: ResponseCode? = nil
) -> SessionAction {
    .commandCompleted(command: command, response: TaggedResponse(tag: tag, status: status, code: code, text: text))
}

@Suite struct SessionStateTests {
    @Test func greetingLoginAndCapabilityRefresh() throws {
        var session = IMAPSessionState()
        _ = try receive("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN LITERAL+] Dovecot ready.\r\n", into: &session)
        #expect(session.greetingReceived)
        #expect(session.connectionState == .notAuthenticated)
        #expect(session.capabilities == [.imap4rev1, .startTLS, .auth("PLAIN"), .literalPlus])
        #expect(session.capabilitiesAreCurrent)

        #expect(session.send(.login(username: "alice", password: "pä")) == [chunk("A1 LOGIN \"alice\" {3+}\r\npä\r\n")])
        let actions = try receive("A1 OK Logged in\r\n", into: &session)
        #expect(actions == [completion("LOGIN", "A1", .ok, "Logged in")])
        #expect(session.connectionState == .authenticated)
        #expect(!session.capabilitiesAreCurrent)
        #expect(session.capabilities.isEmpty)

        #expect(session.send(.capability) == [chunk("A2 CAPABILITY\r\n")])
        _ = try receive("* CAPABILITY IMAP4rev1 IDLE QRESYNC\r\nA2 OK done\r\n", into: &session)
        #expect(session.capabilities == [.imap4rev1, .idle, .qResync])
        #expect(session.capabilitiesAreCurrent)
    }

    @Test func loginWithCapabilityCodeKeepsThem() throws {
        var session = IMAPSessionState(tagPrefix: "M")
        _ = session.send(.login(username: "a", password: "b"))
        #expect(session.lastTag == "M1")
        _ = try receive("M1 OK [CAPABILITY IMAP4rev1 MOVE] Logged in\r\n", into: &session)
        #expect(session.capabilities == [.imap4rev1, .move])
        #expect(session.capabilitiesAreCurrent)
    }

    @Test func preauthGreetingIsAuthenticated() throws {
        var session = IMAPSessionState()
        _ = try receive("* PREAUTH IMAP4rev1 server logged in as Smith\r\n", into: &session)
        #expect(session.connectionState == .authenticated)
    }

    @Test func selectExamineCloseAndFailedSelect() throws {
        var session = IMAPSessionState()
        _ = session.send(.select(.inbox))
        _ = try receive("* 3 EXISTS\r\nA1 OK [READ-WRITE] SELECT completed\r\n", into: &session)
        #expect(session.connectionState == .selected(.inbox, readOnly: false))
        _ = session.send(.examine("Archive"))
        _ = try receive("* OK [CLOSED] Previous mailbox closed\r\n", into: &session)
        #expect(session.connectionState == .authenticated)
        _ = try receive("A2 OK [READ-ONLY] EXAMINE completed\r\n", into: &session)
        #expect(session.connectionState == .selected("Archive", readOnly: true))
        _ = session.send(.select("Shared"))
        _ = try receive("A3 OK [READ-ONLY] SELECT completed\r\n", into: &session)
        #expect(session.connectionState == .selected("Shared", readOnly: true))
        _ = session.send(.select("Missing"))
        _ = try receive("A4 NO [NONEXISTENT] Unknown mailbox\r\n", into: &session)
        #expect(session.connectionState == .authenticated)
        _ = session.send(.select(.inbox))
        _ = try receive("A5 OK done\r\n", into: &session)
        _ = session.send(.unselect)
        _ = try receive("A6 OK done\r\n", into: &session)
        #expect(session.connectionState == .authenticated)
    }

    @Test func logoutWithBye() throws {
        var session = IMAPSessionState()
        _ = session.send(.logout)
        let actions = try receive("* BYE Logging out\r\nA1 OK Logout completed.\r\n", into: &session)
        #expect(actions == [.untagged(.condition(.bye, code: nil, text: "Logging out")),
            .serverClosing(reason: "Logging out"), completion("LOGOUT", "A1", .ok, "Logout completed.")])
        #expect(session.connectionState == .logout)
        #expect(session.commandsInFlight == 0)
    }

    @Test func unknownTagAndUnexpectedContinuationAreProtocolErrors() throws {
        var session = IMAPSessionState()
        let unknownTag = try receive("A9 OK what\r\n", into: &session)
        #expect(unknownTag == [.protocolError(reason: "tagged response for unknown command")])
        let continuation = try receive("+ go on\r\n", into: &session)
        #expect(continuation == [.protocolError(reason: "unexpected continuation request")])
    }

    @Test func synchronizingLiteralWaitsAndHoldsBackLaterCommands() throws {
        var session = IMAPSessionState()
        let first = session.send(.login(username: "alice", password: "pa\"ss"))
        #expect(first == [chunk("A1 LOGIN \"alice\" {5}\r\n", waits: true)])
        #expect(session.send(.capability) == [])
        let actions = try receive("+ Ready for literal data\r\n", into: &session)
        #expect(actions == [.sendContinuationChunk(chunk("pa\"ss\r\n")), .send([chunk("A2 CAPABILITY\r\n")])])
        #expect(session.commandsInFlight == 2)
    }

    @Test func refusedLiteralFreesTheConnection() throws {
        var session = IMAPSessionState()
        _ = session.send(.login(username: "alice", password: "pa\"ss"))
        _ = session.send(.noop)
        let actions = try receive("A1 NO [LIMIT] Too long\r\n", into: &session)
        #expect(actions == [completion("LOGIN", "A1", .no, "Too long", code: .limit), .send([chunk("A2 NOOP\r\n")])])
    }

    @Test func authenticateWithoutSASLIRAndXOAUTH2ErrorChallenge() throws {
        var session = IMAPSessionState()
        let first = session.send(.authenticateXOAUTH2(user: "u", accessToken: "t"))
        #expect(first == [chunk("A1 AUTHENTICATE XOAUTH2\r\n", waits: true)])
        let response = try receive("+ \r\n", into: &session)
        #expect(response == [.sendContinuationChunk(chunk("dXNlcj11AWF1dGg9QmVhcmVyIHQBAQ==\r\n"))])
        // Gmail: a base64 JSON error as a challenge; the client answers with an empty line, then gets NO.
        let challenge = try receive("+ eyJzdGF0dXMiOiI0MDEifQ==\r\n", into: &session)
        #expect(challenge == [.sendContinuationChunk(chunk("\r\n"))])
        _ = try receive("A1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n", into: &session)
        #expect(session.connectionState == .notAuthenticated)
    }

    @Test func authenticateWithSASLIRUsesOneLine() throws {
        var session = IMAPSessionState()
        _ = try receive("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready\r\n", into: &session)
        #expect(session.send(.authenticatePlain(username: "alice", password: "pass"))
            == [chunk("A1 AUTHENTICATE PLAIN AGFsaWNlAHBhc3M=\r\n")])
        _ = try receive("A1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n", into: &session)
        #expect(session.connectionState == .authenticated)
        #expect(session.capabilities == [.imap4rev1, .idle])
    }

    @Test func idleRoundTrip() throws {
        var session = IMAPSessionState()
        #expect(session.send(.idle) == [chunk("A1 IDLE\r\n", waits: true)])
        #expect(try receive("+ idling\r\n", into: &session) == [.idleStarted])
        #expect(session.isIdling)
        #expect(try receive("* 4 EXISTS\r\n", into: &session) == [.untagged(.exists(4))])
        #expect(session.endIdle() == [CommandEncoder.idleDone])
        #expect(session.endIdle() == [])
        let done = try receive("A1 OK Idle completed\r\n", into: &session)
        #expect(done == [completion("IDLE", "A1", .ok, "Idle completed")])
        #expect(!session.isIdling)
    }

    @Test func commandDuringIdleSendsDoneFirst() throws {
        var session = IMAPSessionState()
        _ = session.send(.idle)
        _ = try receive("+ idling\r\n", into: &session)
        #expect(session.send(.noop) == [CommandEncoder.idleDone, chunk("A2 NOOP\r\n")])
        #expect(!session.isIdling)
    }

    @Test func endIdleBeforeConfirmationSendsDoneAfterIt() throws {
        var session = IMAPSessionState()
        _ = session.send(.idle)
        #expect(session.endIdle() == [])
        #expect(try receive("+ idling\r\n", into: &session) == [.sendContinuationChunk(CommandEncoder.idleDone)])
        #expect(!session.isIdling)
    }

    @Test func startTLSInvalidatesCapabilities() throws {
        var session = IMAPSessionState()
        _ = try receive("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n", into: &session)
        _ = session.send(.startTLS)
        let actions = try receive("A1 OK Begin TLS negotiation now\r\n", into: &session)
        #expect(actions == [.startTLS, completion("STARTTLS", "A1", .ok, "Begin TLS negotiation now")])
        #expect(session.capabilities.isEmpty)
        #expect(!session.capabilitiesAreCurrent)
    }

    @Test func enabledExtensionsChangeEncoding() throws {
        var session = IMAPSessionState()
        _ = try receive("* OK [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT LITERAL-] ready\r\n", into: &session)
        _ = session.send(.enable([.utf8Accept]))
        _ = try receive("* ENABLED UTF8=ACCEPT\r\nA1 OK Enabled\r\n", into: &session)
        #expect(session.enabled == [.utf8Accept])
        #expect(session.encoderOptions.utf8Accepted)
        #expect(session.encoderOptions.literals == .nonSynchronizingUpTo4096)
        #expect(session.send(.select("Entwürfe")) == [chunk("A2 SELECT \"Entwürfe\"\r\n")])
    }

    @Test func fetchEventsPassThrough() throws {
        var session = IMAPSessionState()
        let actions = try receive("* 1 FETCH (UID 5 BODY[] {2}\r\nhi)\r\n", into: &session)
        #expect(actions == [.fetch(.fetchStart(sequenceNumber: 1)), .fetch(.fetchAttribute(.uid(5))),
            .fetch(.bodyStart(section: "BODY[]", size: 2)), .fetch(.bodyBytes(Array("hi".utf8))), .fetch(.bodyEnd),
            .fetch(.fetchEnd)])
    }
}
