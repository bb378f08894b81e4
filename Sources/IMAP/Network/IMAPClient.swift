import ClientTLS
import Domain
import Foundation
import NIOCore

/// One authenticated IMAP connection: a thin I/O shell around ``IMAPSessionState``. It writes the bytes the state
/// gives, reads responses through the pure `IMAPResponseParser`, carries out the state's actions (a chunk after
/// the server's `+`, the TLS handshake) and turns server answers into `MailSourceError`s of the right kind. Tags,
/// continuations, which responses are news (`ChangeNotice`) and BYE are the state's to decide.
actor IMAPClient {
    let transport: IMAPTransport
    private var parser = IMAPResponseParser()
    /// Tags, capabilities, the selected mailbox and the commands in flight.
    var session = IMAPSessionState(tagPrefix: "M")
    /// The server name of the mailbox the last EXAMINE opened (`selected` while the session has it selected).
    var examined: String?
    /// A command failed midway (its answer could not be read to its end, cancelled or the connection lost).
    var broken = false
    /// True while NOTIFY (RFC 5465) is set: the server reports changes of every mailbox, not only the selected one.
    var notifying = false
    /// Changes the server reported unasked and nobody has taken yet (`takeNotices()`).
    var notices = PendingNotices()
    /// How long the last words of a connection may take (DONE's answer, LOGOUT's): a stopping service waits no
    /// longer for a server.
    static let goodbyeTimeout: Duration = .milliseconds(500)

    private init(transport: IMAPTransport) {
        self.transport = transport
    }

    /// What the server says it supports (RFC 3501 §7.2.1), as last listed.
    var capabilities: Set<Capability> { session.capabilities }

    /// True once the server accepted `ENABLE QRESYNC` (RFC 7162 §3.2.3).
    var qresyncEnabled: Bool { session.enabled.contains(.qResync) }

    /// The selected mailbox's server name, when one is.
    var selected: String? {
        if case .selected = session.connectionState { examined } else { nil }
    }

    /// False once a command failed midway or the server closed the connection (BYE, an idle timeout, a restart).
    var isUsable: Bool { !broken && !session.isClosed && transport.isActive }

    /// Connects, upgrades to TLS when asked, and logs in.
    /// - Throws: `MailSourceError`: `.authentication` when the server refuses the login, `.transient` for
    ///   network trouble, `.configuration` for TLS problems.
    static func connect(_ settings: IMAPSettings) async throws -> IMAPClient {
        let transport = try await IMAPTransport.connect(settings.transportOptions)
        let client = IMAPClient(transport: transport)
        do {
            try await client.greet()
            if settings.security == .starttls { try await client.startTLS() }
            try await client.login(settings)
            if settings.useQResync { try await client.enableQResync() }
            return client
        } catch {
            await transport.close()
            throw error
        }
    }

    /// Sends one command and collects untagged responses (and FETCH events) until its tagged answer, carrying out
    /// what the session state asks on the way: chunks after a synchronizing literal or a SASL step follow the
    /// server's `+`, a challenge after the last one (a failed XOAUTH2 reports its error that way) gets an empty
    /// line, STARTTLS's OK starts the handshake. Responses the server sends unasked (NOTIFY's, an EXISTS during a
    /// SEARCH) are noted as `notices` on the way. A command whose answer could not be read to its end (cancelled,
    /// connection lost, BYE) leaves the connection unusable.
    @discardableResult
    func run(_ command: IMAPCommand, failOnNo: Bool = true,
             untagged: (IMAPResponseEvent) -> Void = { _ in }) async throws -> TaggedResponse {
        guard !broken, !session.isClosed else { throw MailSourceError(.transient(retryAfter: nil), "connection lost") }
        let chunks = session.send(command)
        let tag = session.lastTag ?? ""
        try await write(chunks)
        while true {
            let event = try await nextEventOrBreak()
            if let notice = session.notice(in: event) { note(notice) }
            var answer: TaggedResponse?
            for action in session.receive(event) {
                switch action {
                case .commandCompleted(_, let response) where response.tag == tag:
                    answer = response
                case .untagged, .fetch:
                    untagged(event)
                default:
                    try await carryOut(action, for: tag)
                }
            }
            guard let answer else { continue }
            if answer.status == .bad || (failOnNo && answer.status == .no) {
                throw Self.error(for: answer, command: command.name)
            }
            return answer
        }
    }

    /// Carries out an action of the session state other than an answer (the caller's to take): writes what is
    /// due, starts TLS, and throws when the server closes the connection on the command with `tag` or breaks the
    /// protocol.
    func carryOut(_ action: SessionAction, for tag: String) async throws {
        switch action {
        case .sendContinuationChunk(let chunk):
            try await write([chunk])
        case .send(let chunks):
            try await write(chunks)
        case .startTLS:
            try await transport.startTLS()
        case .commandAborted(tag, _, let reason):
            broken = true
            throw MailSourceError(.transient(retryAfter: nil), "the server closed the connection", detail: reason)
        case .protocolError(let reason):
            broken = true
            throw MailSourceError(.transient(retryAfter: nil), "the server broke the IMAP protocol", detail: reason)
        case .commandCompleted, .commandAborted, .untagged, .fetch, .serverClosing, .idleStarted:
            break
        }
    }

    /// Writes chunks in order; a connection that fails midway is unusable.
    func write(_ chunks: [OutboundChunk]) async throws {
        do {
            for chunk in chunks { try await transport.send(chunk.bytes) }
        } catch {
            broken = true
            throw error
        }
    }

    /// `nextEvent()`, leaving the connection unusable when the answer cannot be read to its end.
    private func nextEventOrBreak() async throws -> IMAPResponseEvent {
        do {
            return try await nextEvent()
        } catch {
            broken = true
            throw error
        }
    }

    /// The next response event; `timeout` and `ignoringCancellation` as for `IMAPTransport.receive`.
    func nextEvent(timeout: Duration? = nil, ignoringCancellation: Bool = false) async throws -> IMAPResponseEvent {
        while true {
            do {
                if let event = try parser.next() { return event }
            } catch {
                broken = true
                throw MailSourceError(.transient(retryAfter: nil), "unreadable server response", detail: "\(error)")
            }
            guard let chunk = try await transport.receive(timeout: timeout, ignoringCancellation: ignoringCancellation)
            else {
                broken = true
                throw MailSourceError(.transient(retryAfter: nil), "the server closed the connection")
            }
            parser.feed(chunk.readableBytesView)
        }
    }
}
