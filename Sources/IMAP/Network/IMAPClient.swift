import ClientTLS
import Domain
import Foundation
import NIOCore

/// One authenticated IMAP connection: sends commands, reads responses through the pure `IMAPResponseParser`, and
/// turns server answers into `MailSourceError`s of the right kind.
actor IMAPClient {
    struct Selected: Sendable {
        var name: String
        var uidValidity: UInt32
        var exists: UInt32
        var highestModSeq: UInt64?
        /// The UID the next message will get, when the server says (RFC 3501 §2.3.1.1).
        var uidNext: UInt32?
        /// UIDs the server reported as expunged since the modseq given to EXAMINE (RFC 7162 §3.2.5.1).
        var vanished: [UInt32] = []
        /// True when EXAMINE carried QRESYNC parameters the server accepted (same UIDVALIDITY).
        var resynchronized = false
    }

    struct FetchedMessage: Sendable {
        var body: [UInt8]
        var internalDate: Date?
        /// `\Seen` among the message's flags; nil when the server sent no FLAGS.
        var isRead: Bool?
    }

    let transport: IMAPTransport
    private var parser = IMAPResponseParser()
    private var nextTag = 1
    private(set) var capabilities: Set<Capability> = []
    /// The selected mailbox's server name, when one is.
    private(set) var selected: String?
    var broken = false
    /// True while NOTIFY (RFC 5465) is set: the server reports changes of every mailbox, not only the selected one.
    var notifying = false
    /// Changes the server reported unasked and nobody has taken yet (`takeNotices()`).
    var notices = PendingNotices()
    /// How long the last words of a connection may take (DONE's answer, LOGOUT's): a stopping service waits no
    /// longer for a server.
    static let goodbyeTimeout: Duration = .milliseconds(500)
    /// True once the server accepted `ENABLE QRESYNC` (RFC 7162 §3.2.3).
    private(set) var qresyncEnabled = false
    /// The STATUS the last LIST returned for each folder (LIST-STATUS, RFC 5819), by server name; each is taken
    /// once (`takeListedStatus(of:)`), so a pass never acts on an answer an earlier pass already used.
    private var listedStatus: [String: MailboxStatus] = [:]
    private var listedAt = ContinuousClock.now

    private init(transport: IMAPTransport) {
        self.transport = transport
    }

    /// False once a command failed midway or the server closed the connection (an idle timeout, a restart).
    var isUsable: Bool { !broken && transport.isActive }

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

    private func greet() async throws {
        while true {
            switch try await nextEvent() {
            case .untagged(.condition(.ok, let code, _)), .untagged(.condition(.preauth, let code, _)):
                if case .capability(let list)? = code { capabilities = Set(list) }
                return
            case .untagged(.condition(.bye, _, let text)):
                throw MailSourceError(.transient(retryAfter: nil), "the server refused the connection", detail: text)
            default:
                continue
            }
        }
    }

    private func startTLS() async throws {
        if capabilities.isEmpty { try await refreshCapabilities() }
        guard capabilities.contains(Capability("STARTTLS")) else {
            throw MailSourceError(.configuration, "the IMAP server does not offer STARTTLS",
                                  advice: "set security: tls (usually port 993), or none on a network you trust")
        }
        _ = try await run(.startTLS)
        try await transport.startTLS()
        try await refreshCapabilities()  // RFC 3501 §6.2.1: forget what was said before TLS.
    }

    private func refreshCapabilities() async throws {
        var found: [Capability] = []
        _ = try await run(.capability) { event in
            if case .untagged(.capability(let list)) = event { found = list }
        }
        capabilities = Set(found)
    }

    private static func loginCodeName(_ code: ResponseCode) -> String? {
        switch code {
        case .authenticationFailed: "[AUTHENTICATIONFAILED]"
        case .authorizationFailed: "[AUTHORIZATIONFAILED]"
        case .expired: "[EXPIRED]"
        case .unavailable: "[UNAVAILABLE]"
        case .privacyRequired: "[PRIVACYREQUIRED]"
        case .contactAdmin: "[CONTACTADMIN]"
        default: nil
        }
    }

    private func login(_ settings: IMAPSettings) async throws {
        let command: IMAPCommand
        if let token = settings.accessToken {
            command = .authenticateXOAUTH2(user: settings.authorizationIdentity ?? settings.username, accessToken: token)
        } else if settings.authorizationIdentity != nil || capabilities.contains(Capability("LOGINDISABLED")) {
            command = .authenticatePlain(username: settings.username, password: settings.password ?? "",
                                         authorizationIdentity: settings.authorizationIdentity)
        } else {
            command = .login(username: settings.username, password: settings.password ?? "")
        }
        let result = try await run(command, failOnNo: false)
        guard result.status == .ok else {
            // The RFC 5530 code says more than the text ("Authentication failed."), so the error record keeps it.
            let detail = [result.code.flatMap(Self.loginCodeName), result.text].compactMap { $0 }.joined(separator: " ")
            throw IMAPLoginRefusal.error(code: result.code, detail: detail, usedToken: settings.accessToken != nil,
                                         actingFor: settings.authorizationIdentity)
        }
        if case .capability(let list)? = result.code {
            capabilities = Set(list)
        } else {
            try await refreshCapabilities()
        }
    }

    /// RFC 7162 §3.2.3: with QRESYNC on, EXAMINE can report what was expunged since a modseq (VANISHED), so a
    /// folder's removals are known without listing every UID.
    private func enableQResync() async throws {
        let qresync = Capability("QRESYNC")
        guard capabilities.contains(qresync) else { return }
        var enabled = false
        let result = try await run(.enable([qresync]), failOnNo: false) { event in
            if case .untagged(.enabled(let list)) = event, list.contains(qresync) { enabled = true }
        }
        qresyncEnabled = result.status == .ok && enabled
    }

    // MARK: Commands

    /// LIST, with each folder's role (SPECIAL-USE) and, on a server with LIST-STATUS, its message count, UIDNEXT,
    /// UIDVALIDITY and (with CONDSTORE) HIGHESTMODSEQ, kept for `takeListedStatus(of:)`.
    func listFolders() async throws -> [MailFolder] {
        var lists: [ListResponse] = []
        var statuses: [String: MailboxStatus] = [:]
        let specialUse = capabilities.contains(Capability("SPECIAL-USE"))
        var statusItems: [StatusItem] = []
        if capabilities.contains(Capability("LIST-STATUS")) {
            statusItems = [.messages, .uidNext, .uidValidity]
            if capabilities.contains(Capability("CONDSTORE")) { statusItems.append(.highestModSeq) }
        }
        _ = try await run(.list(returnSpecialUse: specialUse, returnStatus: statusItems)) { event in
            switch event {
            case .untagged(.list(let list)):
                lists.append(list)
            case .untagged(.status(let status)):
                statuses[String(decoding: status.mailbox.wireBytes(utf8Accepted: false), as: UTF8.self)] = status
            default:
                break
            }
        }
        // The selected folder's STATUS need not count what this session has been told (RFC 3501 §6.3.10 says not
        // to rely on STATUS for it): it is opened again instead.
        if let selected { statuses[selected] = nil }
        listedStatus = statuses
        listedAt = .now
        return lists.filter(\.isSelectable).map { list in
            let name = list.mailbox.name
            let path = list.delimiter.map { name.split(separator: $0).map(String.init) } ?? [name]
            let role = list.specialUse.map { String($0.rawValue.dropFirst()).lowercased() }
            return MailFolder(path: path, serverID: String(decoding: list.mailbox.wireBytes(utf8Accepted: false),
                                                                   as: UTF8.self), role: role)
        }
    }

    /// LIST-STATUS for a wait's poll: every folder's STATUS by server name, leaving what the pass's LIST keeps
    /// as it is; nil on a server without LIST-STATUS.
    func folderStatuses() async throws -> [String: MailboxStatus]? {
        guard capabilities.contains(Capability("LIST-STATUS")) else { return nil }
        var items: [StatusItem] = [.messages, .uidNext, .uidValidity]
        if capabilities.contains(Capability("CONDSTORE")) { items.append(.highestModSeq) }
        var statuses: [String: MailboxStatus] = [:]
        try await run(.list(returnStatus: items)) { event in
            if case .untagged(.status(let status)) = event {
                statuses[String(decoding: status.mailbox.wireBytes(utf8Accepted: false), as: UTF8.self)] = status
            }
        }
        return statuses
    }

    /// STATUS of each of `mailboxes` (server names), one command each: a wait's poll on a server without
    /// LIST-STATUS. A mailbox the server refuses (gone, renamed) is left out.
    func statuses(of mailboxes: [String]) async throws -> [String: MailboxStatus] {
        var items: [StatusItem] = [.messages, .uidNext, .uidValidity]
        if capabilities.contains(Capability("CONDSTORE")) { items.append(.highestModSeq) }
        var statuses: [String: MailboxStatus] = [:]
        for mailbox in mailboxes {
            let name = MailboxName(wireBytes: Array(mailbox.utf8), utf8Accepted: false)
            _ = try await run(.status(name, items), failOnNo: false) { event in
                if case .untagged(.status(let status)) = event { statuses[mailbox] = status }
            }
        }
        return statuses
    }

    /// What the last LIST-STATUS said of `mailbox` (its server name), once; nil without one, or when the LIST is
    /// older than `maxAge`.
    func takeListedStatus(of mailbox: String, maxAge: Duration) -> MailboxStatus? {
        let status = listedStatus.removeValue(forKey: mailbox)
        return ContinuousClock.now - listedAt < maxAge ? status : nil
    }

    /// EXAMINE: selects read-only, so fetching never sets \Seen (RFC 3501 §6.3.2). With `resync` (and QRESYNC
    /// enabled) the server also reports the UIDs expunged since that modseq, when the UIDVALIDITY still matches.
    func examine(_ mailbox: String, resync: QResyncParameters? = nil) async throws -> Selected {
        var selected = Selected(name: mailbox, uidValidity: 0, exists: 0, highestModSeq: nil)
        let qresync = qresyncEnabled ? resync : nil
        let options = SelectOptions(condStore: capabilities.contains(Capability("CONDSTORE")), qResync: qresync)
        let name = MailboxName(wireBytes: Array(mailbox.utf8), utf8Accepted: false)
        let result = try await run(.examine(name, options), failOnNo: false) { event in
            switch event {
            case .untagged(.exists(let count)): selected.exists = count
            case .untagged(.condition(.ok, .uidValidity(let value)?, _)): selected.uidValidity = value
            case .untagged(.condition(.ok, .highestModSeq(let value)?, _)): selected.highestModSeq = value
            case .untagged(.condition(.ok, .uidNext(let value)?, _)): selected.uidNext = value
            case .untagged(.vanished(_, let uids)): selected.vanished.append(contentsOf: uids.numbers(star: nil))
            default: break
            }
        }
        if let qresync, selected.uidValidity == qresync.uidValidity, selected.highestModSeq != nil {
            selected.resynchronized = true
        }
        guard result.status == .ok else {
            self.selected = nil
            throw MailSourceError(.folderNotFound, "the folder cannot be opened", detail: "\(mailbox): \(result.text)")
        }
        self.selected = mailbox
        return selected
    }

    // MARK: Plumbing

    func makeTag() -> String {
        defer { nextTag += 1 }
        return "M\(nextTag)"
    }

    /// Sends one command and collects untagged responses until its tagged answer. Chunks after a synchronizing
    /// literal or a SASL step wait for the server's `+`; a challenge after the last chunk (a failed XOAUTH2
    /// reports its error that way) is answered with an empty line, which ends the exchange.
    /// Responses the server sends unasked (NOTIFY's, an EXISTS during a SEARCH) are noted as `notices` on the way.
    /// A command whose answer could not be read to its end (cancelled, connection lost) leaves the connection
    /// unusable.
    @discardableResult
    func run(_ command: IMAPCommand, failOnNo: Bool = true,
             untagged: (IMAPResponseEvent) -> Void = { _ in }) async throws -> TaggedResponse {
        guard !broken else { throw MailSourceError(.transient(retryAfter: nil), "connection lost") }
        let tag = makeTag()
        let encoder = CommandEncoder(options: .init(capabilities: capabilities))
        var chunks = encoder.encode(command, tag: tag)[...]
        let context = ChangeNotice.Context(command)
        do {
            try await sendChunks(&chunks)
        } catch {
            broken = true
            throw error
        }
        while true {
            let event: IMAPResponseEvent
            do {
                event = try await nextEvent()
            } catch {
                broken = true
                throw error
            }
            if let notice = ChangeNotice.classify(event, in: context) { note(notice) }
            switch event {
            case .tagged(let response) where response.tag == tag:
                if response.status == .bad || (failOnNo && response.status == .no) {
                    throw Self.error(for: response, command: command.name)
                }
                return response
            case .continuation:
                if chunks.isEmpty {
                    try await transport.send([0x0D, 0x0A])
                } else {
                    try await sendChunks(&chunks)
                }
            case .untagged(.condition(.bye, _, let text)) where command != .logout:
                broken = true
                throw MailSourceError(.transient(retryAfter: nil), "the server closed the connection", detail: text)
            default:
                untagged(event)
            }
        }
    }

    /// Sends chunks up to and including the next one that must wait for a continuation request.
    private func sendChunks(_ chunks: inout ArraySlice<OutboundChunk>) async throws {
        while let chunk = chunks.popFirst() {
            try await transport.send(chunk.bytes)
            if chunk.awaitsContinuation { return }
        }
    }

    private static func error(for response: TaggedResponse, command: String) -> MailSourceError {
        let verb = command.split(separator: " ").prefix(2).joined(separator: " ")
        switch response.code {
        case .unavailable?, .inUse?, .limit?, .serverBug?:
            return MailSourceError(.transient(retryAfter: nil), "the server is busy", detail: "\(verb): \(response.text)")
        case .nonExistent?:
            return MailSourceError(.folderNotFound, "the folder does not exist", detail: "\(verb): \(response.text)")
        case .noPermission?:
            return MailSourceError(.accessDenied, "the IMAP server denied access to a folder",
                                   detail: "\(verb): \(response.text)",
                                   advice: "give the login read access to the folder, or leave it out with exclude:")
        default:
            return MailSourceError(.transient(retryAfter: nil), "the server rejected a command",
                                   detail: "\(verb): \(response.status.rawValue) \(response.text)")
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
