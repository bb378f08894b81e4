import Testing

@testable import EWS

@Suite("EWS response code classification")
struct WireClassificationTests {
    /// Every code named in shared/reference/protocols.md, and what the sync engine must do about it.
    static let expectations: [(EWSResponseCode, EWSErrorDisposition)] = [
        ("NoError", .success),
        ("ErrorServerBusy", .transient(backOffMilliseconds: nil)),
        ("ErrorInternalServerTransientError", .transient(backOffMilliseconds: nil)),
        ("ErrorTimeoutExpired", .transient(backOffMilliseconds: nil)),
        ("ErrorTooManyObjectsOpened", .transient(backOffMilliseconds: nil)),
        ("ErrorExceededConnectionCount", .transient(backOffMilliseconds: nil)),
        ("ErrorMailboxMoveInProgress", .transient(backOffMilliseconds: nil)),
        ("ErrorMailboxFailover", .transient(backOffMilliseconds: nil)),
        ("ErrorMailboxStoreUnavailable", .transient(backOffMilliseconds: nil)),
        ("ErrorConnectionFailed", .transient(backOffMilliseconds: nil)),
        ("ErrorADUnavailable", .transient(backOffMilliseconds: nil)),
        ("ErrorNoRespondingCASInDestinationSite", .transient(backOffMilliseconds: nil)),
        ("ErrorInvalidSyncStateData", .invalidSyncState),
        ("ErrorSyncFolderNotFound", .invalidSyncState),
        ("ErrorNonExistentMailbox", .mailboxLevel),
        ("ErrorInvalidUser", .mailboxLevel),
        ("ErrorAccessDenied", .mailboxLevel),
        ("ErrorImpersonateUserDenied", .mailboxLevel),
        ("ErrorImpersonationFailed", .mailboxLevel),
        ("ErrorInvalidExchangeImpersonationHeaderData", .mailboxLevel),
        ("ErrorMailboxConfiguration", .mailboxLevel),
        ("ErrorInvalidLicense", .mailboxLevel),
        ("ErrorQuotaExceeded", .mailboxLevel),
        ("ErrorAccountDisabled", .integrationLevel),
        ("ErrorImpersonationDenied", .integrationLevel),
        ("ErrorInvalidServerVersion", .integrationLevel),
        ("ErrorInvalidSchemaVersionForMailboxVersion", .integrationLevel),
        ("ErrorItemNotFound", .itemLevel),
        ("ErrorMimeContentConversionFailed", .itemLevel),
        ("ErrorCorruptData", .itemLevel),
        ("ErrorItemCorrupt", .itemLevel),
        ("ErrorMessageSizeExceeded", .itemLevel),
        ("ErrorInvalidIdMalformed", .itemLevel),
        ("ErrorCannotOpenFileAttachment", .itemLevel),
        ("ErrorInvalidRecipients", .other),
        ("ErrorSomethingNew", .other),
    ]

    @Test("each code is classified", arguments: expectations)
    func classify(_ code: EWSResponseCode, _ expected: EWSErrorDisposition) {
        #expect(EWSErrorDisposition.classify(code) == expected)
    }

    @Test func backOffIsCarriedOnlyIntoTransient() {
        let busy = EWSErrorDisposition.classify(.errorServerBusy, backOffMilliseconds: 5)
        #expect(busy == .transient(backOffMilliseconds: 5))
        #expect(EWSErrorDisposition.classify(.errorItemNotFound, backOffMilliseconds: 5) == .itemLevel)
    }

    @Test func longOutagesAreMarked() {
        #expect(EWSResponseCode.errorMailboxMoveInProgress.isLongOutage)
        #expect(EWSResponseCode.errorADUnavailable.isLongOutage)
        #expect(!EWSResponseCode.errorServerBusy.isLongOutage)
        // Of the long outages, only a mailbox's own ones may end in disabling that mailbox.
        #expect(EWSResponseCode.errorMailboxMoveInProgress.isMailboxOutage)
        #expect(EWSResponseCode.errorMailboxFailover.isMailboxOutage)
        #expect(!EWSResponseCode.errorADUnavailable.isMailboxOutage)
        #expect(!EWSResponseCode.errorServerBusy.isMailboxOutage)
        #expect(!EWSResponseCode("ErrorSomethingNew").isLongOutage)
    }

    @Test("ErrorInternalServerError is classified by its inner code")
    func innerCode() {
        let wrapped = EWSResponseStatus(
            responseClass: .error,
            responseCode: .errorInternalServerError,
            messageXMLValues: ["InnerErrorResponseCode": "ErrorInvalidLicense"]
        )
        #expect(wrapped.disposition == .mailboxLevel)
        let bare = EWSResponseStatus(responseClass: .error, responseCode: .errorInternalServerError)
        #expect(bare.disposition == .other)
    }

    @Test("a malformed back-off hint is ignored", arguments: ["", "soon", "-5", " 120 "])
    func backOffValues(_ value: String) {
        let status = EWSResponseStatus(
            responseClass: .error,
            responseCode: .errorServerBusy,
            messageXMLValues: ["BackOffMilliseconds": value]
        )
        #expect(status.backOffMilliseconds == (value == " 120 " ? 120 : nil))
    }
}
