/// Turns ``IMAPCommand`` values into bytes (RFC 3501 §9 / RFC 9051 §9 `command`), choosing quoted strings or
/// literals, and literal forms by what the server supports.
public struct CommandEncoder: Sendable {
    /// What the server allows, from its capabilities and what was enabled.
    public struct Options: Hashable, Sendable {
        /// The literal forms the client may use (RFC 7888).
        public enum Literals: Hashable, Sendable {
            /// Only `{n}`, which needs a `+` from the server before the bytes.
            case synchronizing
            /// `{n+}` up to 4096 bytes, `{n}` above (LITERAL-, and IMAP4rev2).
            case nonSynchronizingUpTo4096
            /// `{n+}` for any size (LITERAL+).
            case nonSynchronizing
        }

        public var literals: Literals
        /// Mailbox names and strings as UTF-8 (RFC 9755 after `ENABLE UTF8=ACCEPT`), not modified UTF-7.
        public var utf8Accepted: Bool
        /// SASL initial response on the AUTHENTICATE line (RFC 4959 SASL-IR).
        public var saslInitialResponse: Bool

        public init(
            literals: Literals = .synchronizing, utf8Accepted: Bool = false, saslInitialResponse: Bool = false
        ) {
            self.literals = literals
            self.utf8Accepted = utf8Accepted
            self.saslInitialResponse = saslInitialResponse
        }

        /// The options a server with these capabilities allows, once `enabled` was confirmed by ENABLED.
        public init(capabilities: Set<Capability>, enabled: Set<Capability> = []) {
            let literals: Literals =
                if capabilities.contains(.literalPlus) {
                    .nonSynchronizing
                } else if capabilities.contains(.literalMinus) || capabilities.contains(.imap4rev2) {
                    .nonSynchronizingUpTo4096
                } else {
                    .synchronizing
                }
            self.init(
                literals: literals,
                utf8Accepted: enabled.contains(.utf8Accept) || enabled.contains(.imap4rev2),
                saslInitialResponse: capabilities.contains(.saslIR))
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// `DONE`, which ends IDLE (RFC 2177 §3); it has no tag.
    public static let idleDone = OutboundChunk(Array("DONE\r\n".utf8))

    /// The command with its tag, as one or more chunks (see ``OutboundChunk``).
    public func encode(_ command: IMAPCommand, tag: String) -> [OutboundChunk] {
        var writer = CommandWriter(options: options)
        writer.text(tag + " ")
        switch command {
        case .capability, .noop, .logout, .startTLS, .close, .unselect, .idle:
            writer.text(command.name)
        case .login(let username, let password):
            writer.text("LOGIN ")
            writer.string(Array(username.utf8))
            writer.text(" ")
            writer.string(Array(password.utf8))
        case .authenticatePlain(let username, let password, let authorizationIdentity):
            let response = Array((authorizationIdentity ?? "").utf8) + [0] + Array(username.utf8) + [0]
                + Array(password.utf8)
            writer.authenticate(mechanism: "PLAIN", initialResponse: response)
        case .authenticateXOAUTH2(let user, let accessToken):
            let response = Array("user=\(user)\u{1}auth=Bearer \(accessToken)\u{1}\u{1}".utf8)
            writer.authenticate(mechanism: "XOAUTH2", initialResponse: response)
        case .enable(let capabilities):
            writer.text((["ENABLE"] + capabilities.map(\.rawValue)).joined(separator: " "))
        case .id(let parameters):
            writer.text("ID ")
            writer.idParameters(parameters)
        case .list(let reference, let pattern, let returnSpecialUse, let returnStatus):
            writer.text("LIST ")
            writer.mailboxPattern(reference)
            writer.text(" ")
            writer.mailboxPattern(pattern)
            var options: [String] = []
            if returnSpecialUse { options.append("SPECIAL-USE") }
            if !returnStatus.isEmpty {
                options.append("STATUS (" + returnStatus.map(\.rawValue).joined(separator: " ") + ")")
            }
            if !options.isEmpty { writer.text(" RETURN (" + options.joined(separator: " ") + ")") }
        case .select(let mailbox, let selectOptions), .examine(let mailbox, let selectOptions):
            writer.text(command.name + " ")
            writer.mailbox(mailbox)
            writer.selectOptions(selectOptions)
        case .create(let mailbox), .delete(let mailbox):
            writer.text(command.name + " ")
            writer.mailbox(mailbox)
        case .status(let mailbox, let items):
            writer.text("STATUS ")
            writer.mailbox(mailbox)
            writer.text(" (" + items.map(\.rawValue).joined(separator: " ") + ")")
        case .uidFetch(let uids, let items, let changedSince, let vanished):
            writer.text("UID FETCH \(uids) (" + items.map(\.wireName).joined(separator: " ") + ")")
            if let changedSince {
                writer.text(" (CHANGEDSINCE \(changedSince)" + (vanished ? " VANISHED)" : ")"))
            }
        case .uidSearch(let keys, let returning):
            writer.text("UID SEARCH")
            if !returning.isEmpty {
                writer.text(" RETURN (" + returning.map(\.rawValue).joined(separator: " ") + ")")
            }
            writer.text(" " + (keys.isEmpty ? [SearchKey.all] : keys).map(\.wireText).joined(separator: " "))
        case .uidStore(let uids, let change, let flags, let silent):
            writer.text("UID STORE \(uids) \(change.rawValue)FLAGS\(silent ? ".SILENT" : "") ")
            writer.text("(" + flags.map(\.rawValue).joined(separator: " ") + ")")
        case .uidCopy(let uids, let mailbox), .uidMove(let uids, let mailbox):
            writer.text("\(command.name) \(uids) ")
            writer.mailbox(mailbox)
        case .uidExpunge(let uids):
            writer.text("UID EXPUNGE \(uids)")
        case .notify(let request):
            writer.notify(request)
        case .append(let mailbox, let flags, let internalDate, let message):
            writer.text("APPEND ")
            writer.mailbox(mailbox)
            if !flags.isEmpty { writer.text(" (" + flags.map(\.rawValue).joined(separator: " ") + ")") }
            if let internalDate { writer.text(" \"" + InternalDate.format(internalDate) + "\"") }
            writer.text(" ")
            writer.literal(message)
        }
        var chunks = writer.finish()
        if command == .idle {
            // The server confirms IDLE with `+` (RFC 2177 §3); DONE may only follow that.
            chunks[chunks.count - 1].awaitsContinuation = true
        }
        return chunks
    }
}
