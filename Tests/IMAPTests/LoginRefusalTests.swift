import Domain
import Testing
@testable import IMAP

/// A refused login, by its RFC 5530 response code: the engine's kind (what gets disabled, what is retried) and a
/// summary and advice the user can act on (issue 16, part 4).
@Suite struct LoginRefusalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var code: ResponseCode?
        var usedToken = false
        var actingFor: String?
        var kind: MailSourceError.Kind
        var summary: String
        var advice: String

        var testDescription: String { "\(code.map { "\($0)" } ?? "no code")\(usedToken ? ", token" : "")" }
    }

    static let cases: [Case] = [
        .init(code: .authenticationFailed, kind: .authentication, summary: "the IMAP server refused the login",
              advice: "check the username and password"),
        .init(code: nil, kind: .authentication, summary: "the IMAP server refused the login",
              advice: "check the username and password"),
        .init(code: .authenticationFailed, usedToken: true, kind: .authentication,
              summary: "the IMAP server refused the login",
              advice: "check the access token (it may have expired or lack the IMAP scope) and the username"),
        .init(code: .authenticationFailed, actingFor: "support@example.com", kind: .authentication,
              summary: "the IMAP server refused the login",
              advice: "check the username and password, and that the username may log in for support@example.com "
                  + "(SASL PLAIN authorization identity: a Dovecot master user or an admin login)"),
        .init(code: .authorizationFailed, kind: .mailboxNotFound,
              summary: "the IMAP server refused access to the mailbox",
              advice: "the login is valid but may not act for this mailbox: check the mailbox address, and that the "
                  + "username is allowed to log in for other users (a Dovecot master user, an admin authorization "
                  + "identity)"),
        .init(code: .unavailable, kind: .transient(retryAfter: nil), summary: "the IMAP server is unavailable",
              advice: ""),
        .init(code: .expired, kind: .authentication, summary: "the IMAP login has expired",
              advice: "set a new password on the server and in the integration"),
        .init(code: .privacyRequired, kind: .configuration, summary: "the IMAP server requires TLS for the login",
              advice: "set security: tls (port 993) or security: starttls (port 143)"),
        .init(code: .contactAdmin, kind: .authentication, summary: "the IMAP server refused the login",
              advice: "the server asks you to contact its administrators; the full error text has its words"),
    ]

    @Test(arguments: cases)
    func refusal(_ test: Case) {
        let error = IMAPLoginRefusal.error(code: test.code, detail: "[CODE] text", usedToken: test.usedToken,
                                           actingFor: test.actingFor)
        #expect(error.kind == test.kind)
        #expect(error.summary == test.summary)
        #expect(error.advice == test.advice)
        #expect(error.detail == "[CODE] text")
    }
}
