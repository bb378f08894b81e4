import Domain

/// From the greeting to an authenticated session: STARTTLS, capabilities, LOGIN or AUTHENTICATE, ENABLE QRESYNC.
extension IMAPClient {
    /// Reads the greeting (RFC 3501 §7.1), which may list the capabilities.
    func greet() async throws {
        while !session.greetingReceived {
            let event = try await nextEvent()
            for action in session.receive(event) {
                if case .serverClosing(let text) = action {
                    throw MailSourceError(.transient(retryAfter: nil), "the server refused the connection",
                                          detail: text)
                }
            }
        }
    }

    func startTLS() async throws {
        if !session.capabilitiesAreCurrent { try await refreshCapabilities() }
        guard capabilities.contains(.startTLS) else {
            throw MailSourceError(.configuration, "the IMAP server does not offer STARTTLS",
                                  advice: "set security: tls (usually port 993), or none on a network you trust")
        }
        // The session starts the handshake on the server's OK, and forgets what was said before TLS.
        try await run(.startTLS)
        try await refreshCapabilities()  // RFC 3501 §6.2.1
    }

    func refreshCapabilities() async throws {
        try await run(.capability)
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

    func login(_ settings: IMAPSettings) async throws {
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
        // The list changes with the login (RFC 3501 §6.2.3); the OK may carry the new one.
        if !session.capabilitiesAreCurrent { try await refreshCapabilities() }
    }

    /// RFC 7162 §3.2.3: with QRESYNC on, EXAMINE can report what was expunged since a modseq (VANISHED), so a
    /// folder's removals are known without listing every UID. The session notes the server's ENABLED.
    func enableQResync() async throws {
        guard capabilities.contains(.qResync) else { return }
        try await run(.enable([.qResync]), failOnNo: false)
    }
}
