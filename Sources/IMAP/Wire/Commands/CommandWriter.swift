/// Builds the chunks of one command; strings become quoted strings or literals (RFC 3501 §4.3, §4.5; RFC 7888).
struct CommandWriter {
    let options: CommandEncoder.Options
    private var chunks: [OutboundChunk] = []
    private var current: [UInt8] = []

    init(options: CommandEncoder.Options) {
        self.options = options
    }

    mutating func text(_ text: String) {
        current.append(contentsOf: text.utf8)
    }

    /// Ends the command with CRLF and returns its chunks.
    mutating func finish() -> [OutboundChunk] {
        current.append(contentsOf: [13, 10])
        chunks.append(OutboundChunk(current))
        return chunks
    }

    /// `string` (RFC 3501 §9): quoted when every byte is printable ASCII other than `"` and `\` (or UTF-8 once
    /// UTF8=ACCEPT is on); otherwise a literal. Escaping `"` and `\` is legal, but servers differ in how they undo it
    /// in passwords, so a literal is the safer form.
    mutating func string(_ bytes: [UInt8]) {
        let printable = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != 0x5C }
        let utf8 = options.utf8Accepted && String(validating: bytes, as: UTF8.self) != nil
            && bytes.allSatisfy { $0 >= 0x80 || ($0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != 0x5C) }
        if printable || utf8 {
            current.append(UInt8(ascii: "\""))
            current.append(contentsOf: bytes)
            current.append(UInt8(ascii: "\""))
        } else {
            literal(bytes)
        }
    }

    /// `literal` (RFC 3501 §4.3): `{n+}` when the server allows it for this size (RFC 7888), else `{n}` and a
    /// wait for the server's `+`.
    mutating func literal(_ bytes: [UInt8]) {
        let nonSynchronizing =
            switch options.literals {
            case .nonSynchronizing: true
            case .nonSynchronizingUpTo4096: bytes.count <= 4096
            case .synchronizing: false
            }
        if nonSynchronizing {
            text("{\(bytes.count)+}\r\n")
        } else {
            text("{\(bytes.count)}\r\n")
            chunks.append(OutboundChunk(current, awaitsContinuation: true))
            current = []
        }
        current.append(contentsOf: bytes)
    }

    /// A mailbox name (RFC 3501 §5.1), in modified UTF-7 unless UTF8=ACCEPT is on.
    mutating func mailbox(_ mailbox: MailboxName) {
        string(mailbox.wireBytes(utf8Accepted: options.utf8Accepted))
    }

    /// A LIST reference or pattern (RFC 3501 §6.3.8): the wildcards `*` and `%` are ASCII and survive encoding.
    mutating func mailboxPattern(_ pattern: String) {
        string(MailboxName(pattern).wireBytes(utf8Accepted: options.utf8Accepted))
    }

    /// `AUTHENTICATE mechanism` (RFC 3501 §6.2.2) with the initial response on the line (RFC 4959, `=` when empty)
    /// or after the server's first `+`.
    mutating func authenticate(mechanism: String, initialResponse: [UInt8]) {
        let encoded = initialResponse.isEmpty ? "=" : Base64.encode(initialResponse)
        text("AUTHENTICATE " + mechanism)
        if options.saslInitialResponse {
            text(" " + encoded)
        } else {
            text("\r\n")
            chunks.append(OutboundChunk(current, awaitsContinuation: true))
            current = Array(encoded.utf8)
        }
    }

    /// `select-params` (RFC 7162 §3.1.8, §3.2.5).
    mutating func selectOptions(_ selectOptions: SelectOptions) {
        var parameters: [String] = []
        if selectOptions.condStore { parameters.append("CONDSTORE") }
        if let qResync = selectOptions.qResync {
            var fields = ["\(qResync.uidValidity)", "\(qResync.modSeq)"]
            if let known = qResync.knownUIDs, !known.isEmpty { fields.append(known.description) }
            parameters.append("QRESYNC (" + fields.joined(separator: " ") + ")")
        }
        if !parameters.isEmpty { text(" (" + parameters.joined(separator: " ") + ")") }
    }

    /// `id-params-list` (RFC 2971 §4).
    mutating func idParameters(_ parameters: [IDParameter]?) {
        guard let parameters else { return text("NIL") }
        text("(")
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { text(" ") }
            string(Array(parameter.key.utf8))
            text(" ")
            if let value = parameter.value { string(Array(value.utf8)) } else { text("NIL") }
        }
        text(")")
    }
}
