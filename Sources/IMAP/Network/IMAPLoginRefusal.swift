import Domain

/// A refused LOGIN or AUTHENTICATE as the engine and the user need it: the RFC 5530 response code says whether it
/// is the password, the account, the server or the connection, and so what to do (issue 16, part 4).
enum IMAPLoginRefusal {
    /// - Parameters:
    ///   - code: the tagged NO's response code, if any.
    ///   - detail: the code and the server's text, for the error record.
    ///   - usedToken: the login was XOAUTH2 with an access token rather than a password.
    ///   - actingFor: the mailbox the login acts for (SASL authorization identity), when it is not the login.
    static func error(code: ResponseCode?, detail: String, usedToken: Bool, actingFor: String?) -> MailSourceError {
        switch code {
        case .authorizationFailed?:
            // The login is valid but may not act as this mailbox: the mailbox is gone or not shared with it.
            return MailSourceError(
                .mailboxNotFound, "the IMAP server refused access to the mailbox", detail: detail,
                advice: "the login is valid but may not act for this mailbox: check the mailbox address, and that "
                    + "the username is allowed to log in for other users (a Dovecot master user, an admin "
                    + "authorization identity)")
        case .unavailable?:
            return MailSourceError(.transient(retryAfter: nil), "the IMAP server is unavailable", detail: detail)
        case .expired?:
            return MailSourceError(.authentication, "the IMAP login has expired", detail: detail,
                                   advice: usedToken ? "give the integration a new access token"
                                       : "set a new password on the server and in the integration")
        case .privacyRequired?:
            return MailSourceError(.configuration, "the IMAP server requires TLS for the login", detail: detail,
                                   advice: "set security: tls (port 993) or security: starttls (port 143)")
        case .contactAdmin?:
            return MailSourceError(.authentication, "the IMAP server refused the login", detail: detail,
                                   advice: "the server asks you to contact its administrators; the full error text "
                                       + "has its words")
        default:
            let check = usedToken
                ? "check the access token (it may have expired or lack the IMAP scope) and the username"
                : "check the username and password"
            let acting = actingFor.map {
                ", and that the username may log in for \($0) (SASL PLAIN authorization identity: a Dovecot master "
                    + "user or an admin login)"
            } ?? ""
            return MailSourceError(.authentication, "the IMAP server refused the login", detail: detail,
                                   advice: check + acting)
        }
    }
}
