/// The client side of an IMAP connection as a value: connection state (RFC 3501 §3), capabilities, tags and the
/// commands in flight. It does no I/O: ``send(_:)`` returns bytes to write and ``receive(_:)`` returns
/// ``SessionAction``s for a driver to carry out; ``notice(in:)`` says which responses are news rather than answers.
/// A server's BYE fails every command in flight but LOGOUT (``SessionAction/commandAborted(tag:command:reason:)``).
public struct IMAPSessionState: Sendable {
    /// RFC 3501 §3, RFC 9051 §3.
    public enum ConnectionState: Hashable, Sendable {
        case notAuthenticated
        case authenticated
        case selected(MailboxName, readOnly: Bool)
        case logout
    }

    public internal(set) var connectionState = ConnectionState.notAuthenticated
    /// True once the server said BYE or LOGOUT completed: no command can be sent any more.
    public var isClosed: Bool { connectionState == .logout }
    /// True once the server's greeting arrived (RFC 3501 §7.1: OK, PREAUTH or BYE).
    public internal(set) var greetingReceived = false
    public internal(set) var capabilities: Set<Capability> = []
    /// False until the server lists its capabilities, and again after login or STARTTLS when it did not list
    /// them in the tagged OK: the list changes then (RFC 3501 §6.2.1), so send CAPABILITY before relying on it.
    public internal(set) var capabilitiesAreCurrent = false
    /// Extensions the server confirmed with ENABLED (RFC 5161).
    public internal(set) var enabled: Set<Capability> = []
    public internal(set) var isIdling = false
    /// The tag of the last command passed to ``send(_:)``.
    public internal(set) var lastTag: String?

    private let tagPrefix: String
    private var tagCounter = 0
    private var pending: [String: PendingCommand] = [:]
    /// The command whose remaining chunks wait for the server's `+`.
    private var blocked: (tag: String, rest: [OutboundChunk])?
    /// Commands held back while `blocked` is set, in order.
    private var queued: [(tag: String, chunks: [OutboundChunk])] = []
    private var idleEndRequested = false

    /// What the state remembers of a command in flight; never credentials.
    struct PendingCommand {
        enum Kind {
            case login, startTLS, select(MailboxName, readOnly: Bool), deselect, logout, idle, other
        }

        let kind: Kind
        let name: String
        /// What the command's answers are, to tell them from news (``ChangeNotice/Context``).
        let context: ChangeNotice.Context
        /// The order the command was sent in.
        let sequence: Int

        init(_ command: IMAPCommand, sequence: Int) {
            name = command.name
            context = ChangeNotice.Context(command)
            self.sequence = sequence
            switch command {
            case .login, .authenticatePlain, .authenticateXOAUTH2: kind = .login
            case .startTLS: kind = .startTLS
            case .select(let mailbox, _): kind = .select(mailbox, readOnly: false)
            case .examine(let mailbox, _): kind = .select(mailbox, readOnly: true)
            case .close, .unselect: kind = .deselect
            case .logout: kind = .logout
            case .idle: kind = .idle
            default: kind = .other
            }
        }

        var isAuthentication: Bool {
            if case .login = kind { true } else { false }
        }

        var isIdle: Bool {
            if case .idle = kind { true } else { false }
        }

        var isLogout: Bool {
            if case .logout = kind { true } else { false }
        }
    }

    /// - Parameter tagPrefix: tags are this prefix and a counter: `A1`, `A2`, ...
    public init(tagPrefix: String = "A") {
        self.tagPrefix = tagPrefix
    }

    /// How commands must be encoded now, from the capabilities and enabled extensions.
    public var encoderOptions: CommandEncoder.Options {
        CommandEncoder.Options(capabilities: capabilities, enabled: enabled)
    }

    /// Number of commands sent and not completed.
    public var commandsInFlight: Int { pending.count }

    /// Tags and encodes `command` and returns what to write now: the chunks up to the first wait for `+`, DONE
    /// first when IDLE is running, or nothing when another command is waiting for `+` (the bytes then come later
    /// as ``SessionAction/send(_:)``).
    public mutating func send(_ command: IMAPCommand) -> [OutboundChunk] {
        tagCounter += 1
        let tag = tagPrefix + String(tagCounter)
        lastTag = tag
        pending[tag] = PendingCommand(command, sequence: tagCounter)
        let chunks = CommandEncoder(options: encoderOptions).encode(command, tag: tag)
        if blocked != nil {
            queued.append((tag, chunks))
            return []
        }
        var output: [OutboundChunk] = []
        if isIdling {
            isIdling = false
            output.append(CommandEncoder.idleDone)
        }
        return output + release(chunks, tag: tag)
    }

    /// Ends IDLE: returns DONE to write (RFC 2177 §3), or nothing when IDLE is not running. When the server has
    /// not confirmed IDLE yet, DONE follows its `+`.
    public mutating func endIdle() -> [OutboundChunk] {
        if isIdling {
            isIdling = false
            return [CommandEncoder.idleDone]
        }
        if let blocked, pending[blocked.tag]?.isIdle == true { idleEndRequested = true }
        return []
    }

    /// Handles one event from ``IMAPResponseParser`` and says what to do.
    public mutating func receive(_ event: IMAPResponseEvent) -> [SessionAction] {
        switch event {
        case .continuation:
            return continuation()
        case .tagged(let response):
            return completed(response)
        case .untagged(let response):
            return untagged(response)
        case .fetchStart, .fetchAttribute, .bodyStart, .bodyBytes, .bodyEnd, .fetchEnd:
            return [.fetch(event)]
        }
    }

    /// Sends chunks up to and including the first that waits for `+`, keeping the rest.
    private mutating func release(_ chunks: [OutboundChunk], tag: String) -> [OutboundChunk] {
        guard let wait = chunks.firstIndex(where: \.awaitsContinuation) else { return chunks }
        blocked = (tag, Array(chunks[(wait + 1)...]))
        return Array(chunks[...wait])
    }

    /// Frees the connection after a command stopped waiting for `+`, releasing held-back commands up to the next
    /// one that has to wait.
    private mutating func unblock() -> [SessionAction] {
        blocked = nil
        var output: [OutboundChunk] = []
        while blocked == nil, !queued.isEmpty {
            let (tag, chunks) = queued.removeFirst()
            output += release(chunks, tag: tag)
        }
        return output.isEmpty ? [] : [.send(output)]
    }

    /// After the command with `tag` completed: if it was still waiting for `+` (the server refused its literal),
    /// its remaining chunks are dropped and the connection is free again.
    mutating func unblockIfWaiting(on tag: String) -> [SessionAction] {
        guard blocked?.tag == tag else { return [] }
        idleEndRequested = false
        return unblock()
    }

    mutating func takePending(_ tag: String) -> PendingCommand? {
        pending.removeValue(forKey: tag)
    }

    var pendingCommandsByTag: [String: PendingCommand] { pending }

    /// The commands in flight, oldest first.
    var pendingCommands: [(tag: String, command: PendingCommand)] {
        pending.map { ($0.key, $0.value) }.sorted { $0.command.sequence < $1.command.sequence }
    }

    /// The server is closing the connection (BYE): every command but LOGOUT (whose answer follows the BYE,
    /// RFC 3501 §6.1.3) will never be answered, nor will the commands held back; each fails now, oldest first.
    mutating func abortPendingCommands(reason: String) -> [SessionAction] {
        let aborted = pendingCommands.filter { !$0.command.isLogout }
        for (tag, _) in aborted { pending[tag] = nil }
        blocked = nil
        queued = []
        idleEndRequested = false
        isIdling = false
        return aborted.map { .commandAborted(tag: $0.tag, command: $0.command.name, reason: reason) }
    }

    mutating func setCapabilities(_ list: [Capability]) {
        capabilities = Set(list)
        capabilitiesAreCurrent = true
    }

    mutating func invalidateCapabilities() {
        capabilities = []
        capabilitiesAreCurrent = false
    }

    private mutating func continuation() -> [SessionAction] {
        guard let (tag, rest) = blocked else {
            // A SASL challenge after the initial response (Gmail's XOAUTH2 error JSON): answer empty, expect NO.
            if pending.values.contains(where: \.isAuthentication) {
                return [.sendContinuationChunk(OutboundChunk([13, 10]))]
            }
            return [.protocolError(reason: "unexpected continuation request")]
        }
        if pending[tag]?.isIdle == true {
            if idleEndRequested || !queued.isEmpty {
                idleEndRequested = false
                return [.sendContinuationChunk(CommandEncoder.idleDone)] + unblock()
            }
            blocked = nil
            isIdling = true
            return [.idleStarted]
        }
        guard let next = rest.first else {
            // Another SASL challenge once the response was sent: answer empty, the server then fails the command.
            if pending[tag]?.isAuthentication == true { return [.sendContinuationChunk(OutboundChunk([13, 10]))] }
            return [.protocolError(reason: "unexpected continuation request")]
        }
        if next.awaitsContinuation {
            blocked = (tag, Array(rest.dropFirst()))
            return [.sendContinuationChunk(next)]
        }
        return [.sendContinuationChunk(next)] + unblock()
    }
}
