import ClientTLS
import Domain

/// A small SMTP client (RFC 5321) that hands each message to the operator's relay in one session: EHLO, STARTTLS
/// (RFC 3207) when asked, AUTH PLAIN or LOGIN (RFC 4954), MAIL FROM, RCPT TO, DATA, QUIT. Every wait is bounded
/// (``SMTPSettings/connectTimeout``, ``SMTPSettings/replyTimeout``, ``SMTPSettings/dataTimeout``) and so is every
/// reply line (``SMTPReplyParser``). The password never appears in an error or a log.
public struct SMTPRelay: MailRelay {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    public func send(from sender: String, to recipients: [String], message: [UInt8],
                     beforeCommit: @Sendable () async throws -> Void) async throws {
        for address in [sender] + recipients where !SMTPCommand.isSafeAddress(address) {
            throw MailRelayError(transient: false, "not an address SMTP can carry",
                                 detail: String(address.prefix(100)))
        }
        guard !recipients.isEmpty else { throw MailRelayError(transient: false, "no recipient") }
        let connection = try await SMTPConnection.open(settings)
        do {
            try await session(connection, from: sender, to: recipients, message: message, beforeCommit: beforeCommit)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func session(_ connection: SMTPConnection, from sender: String, to recipients: [String],
                         message: [UInt8], beforeCommit: @Sendable () async throws -> Void) async throws {
        try expect(try await connection.reply(timeout: settings.replyTimeout), 220, "greeting")
        var extensions = try await hello(connection)
        if settings.security == .starttls {
            guard extensions.contains("STARTTLS") else {
                throw MailRelayError(transient: false, "the relay does not offer STARTTLS",
                                     detail: "use security: tls for a relay with implicit TLS (port 465)")
            }
            try await run(.startTLS, on: connection, expecting: 220)
            try await connection.startTLS()
            extensions = try await hello(connection)
        }
        if let username = settings.username {
            try await authenticate(connection, username: username, password: settings.password ?? "",
                                   extensions: extensions)
        }
        try await run(.mailFrom(sender), on: connection, expecting: 250)
        for recipient in recipients { try await run(.rcptTo(recipient), on: connection, expecting: 250, 251) }
        try await run(.data, on: connection, expecting: 354)
        try await connection.send(SMTPData.encode(message))
        // Until the terminator is sent the relay discards the message if the connection drops (RFC 5321
        // §4.1.1.4); from here on it may deliver it.
        try await beforeCommit()
        let reply: SMTPReply
        do {
            try await connection.send(SMTPData.terminator)
            reply = try await connection.reply(timeout: settings.dataTimeout)
        } catch let error as MailRelayError {
            // The relay may have taken the message and failed to say so (RFC 1047): sending it again could deliver
            // it twice, so this is not worth a retry.
            throw MailRelayError(transient: false, "the relay did not confirm the end of data; the message may "
                                     + "have been delivered, so it is not sent again", detail: error.description)
        }
        // A negative reply means the relay did not take it: 4yz may be tried again, 5yz not.
        try expect(reply, [250], "end of data")
        // The message is the relay's now; QUIT is a courtesy whose failure changes nothing.
        try? await connection.send(SMTPCommand.quit.bytes)
        _ = try? await connection.reply(timeout: .seconds(2))
    }

    /// EHLO, or HELO for a relay that doesn't know it; returns the extension keywords, upper-cased, with
    /// their parameters ("AUTH PLAIN LOGIN").
    private func hello(_ connection: SMTPConnection) async throws -> [String] {
        try await connection.send(SMTPCommand.ehlo(settings.heloName).bytes)
        let reply = try await connection.reply(timeout: settings.replyTimeout)
        if reply.code == 250 { return reply.lines.dropFirst().map { $0.uppercased() } }
        try await run(.helo(settings.heloName), on: connection, expecting: 250)
        return []
    }

    private func authenticate(_ connection: SMTPConnection, username: String, password: String,
                              extensions: [String]) async throws {
        if settings.security == .none, !SMTPSettings.isLocal(settings.host) {
            throw MailRelayError(transient: false, "refusing to send the relay password without TLS")
        }
        let mechanisms = extensions.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?
            .dropFirst(5).split(separator: " ").map(String.init) ?? []
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            try await run(.authPlain(username: username, password: password), on: connection, expecting: 235)
        } else {
            try await run(.authLogin, on: connection, expecting: 334)
            try await run(.base64Line(username), on: connection, expecting: 334)
            try await run(.base64Line(password), on: connection, expecting: 235)
        }
    }

    private func run(_ command: SMTPCommand, on connection: SMTPConnection, expecting codes: Int...) async throws {
        try await connection.send(command.bytes)
        try expect(try await connection.reply(timeout: settings.replyTimeout), codes, command.name)
    }

    private func expect(_ reply: SMTPReply, _ code: Int, _ step: String) throws {
        try expect(reply, [code], step)
    }

    /// A reply other than `codes` ends the session: 4yz is worth another try later, 5yz is not.
    private func expect(_ reply: SMTPReply, _ codes: [Int], _ step: String) throws {
        guard !codes.contains(reply.code) else { return }
        let summary = step.hasPrefix("AUTH") ? "the relay refused the login" : "the relay refused \(step)"
        throw MailRelayError(transient: reply.isTransientFailure, summary, detail: reply.description)
    }
}
