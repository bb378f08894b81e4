import Domain
import Testing

@testable import EWS

/// EWS response codes as the engine and the user get them (issue 16, part 4): what is disabled, and a fixed
/// summary with advice naming the setting or the Exchange right to change.
@Suite struct SourceErrorTests {
    static let cases: [(code: EWSResponseCode, kind: MailSourceError.Kind, summary: String, adviceStart: String)] = [
        ("ErrorNonExistentMailbox", .mailboxNotFound, "the mailbox does not exist", "check the mailbox's primary"),
        ("ErrorInvalidUser", .mailboxNotFound, "the mailbox does not exist", "check the mailbox's primary"),
        ("ErrorImpersonateUserDenied", .accessDenied, "the account may not impersonate the mailbox",
         "give the service account the ApplicationImpersonation role"),
        ("ErrorAccessDenied", .accessDenied, "no access to the mailbox", "give the service account FullAccess"),
        ("ErrorInvalidLicense", .accessDenied, "the mailbox cannot be used", "the Exchange administrators"),
        ("ErrorAccountDisabled", .authentication, "the Exchange account is disabled", "enable the service account"),
        ("ErrorImpersonationDenied", .authentication, "the account may not impersonate",
         "give the service account the ApplicationImpersonation role"),
        ("ErrorInvalidServerVersion", .configuration, "the Exchange server does not accept server_version",
         "set server_version"),
        ("ErrorSchemaValidation", .authentication, "the account cannot be used", "the full error text"),
    ]

    @Test(arguments: cases.indices)
    func codeMapsToKindAndAdvice(_ index: Int) {
        let test = Self.cases[index]
        let error = EWSMailSource.error(code: test.code, disposition: .classify(test.code),
                                        text: "GetFolder: \(test.code.rawValue)")
        #expect(error.kind == test.kind, "\(test.code)")
        #expect(error.summary == test.summary, "\(test.code)")
        #expect(error.advice.hasPrefix(test.adviceStart), "\(test.code): \(error.advice)")
        #expect(error.detail == "GetFolder: \(test.code.rawValue)")
    }

    /// Throttling keeps its hint and needs no advice: it is retried.
    @Test func serverBusyKeepsItsHint() {
        let error = EWSMailSource.error(code: "ErrorServerBusy", disposition: .transient(backOffMilliseconds: 300),
                                        text: "busy")
        #expect(error.kind == .transient(retryAfter: .milliseconds(300)))
        #expect(error.advice.isEmpty)
    }

    @Test func theFingerprintIsWhatOpenSSLPrints() {
        #expect(EWSLoginRefusal.fingerprint(Array("abc".utf8))
            == "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD")
    }
}
