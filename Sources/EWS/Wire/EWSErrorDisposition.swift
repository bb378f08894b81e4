/// What the sync engine should do about an EWS response code.
///
/// The table follows the classes of the project's protocol crib (shared/reference/protocols.md §1 "ResponseCode
/// classes"), exchangelib's retry set (`protocol.py`, `services/common.py`) and its list of per-item errors to
/// record and continue past.
public enum EWSErrorDisposition: Sendable, Hashable {
    /// `NoError`.
    case success
    /// Throttling or an outage: retry the same request later, after the server's hint when it gave one.
    /// ``EWSResponseCode/isLongOutage`` tells outages of minutes to hours from throttling.
    case transient(backOffMilliseconds: Int?)
    /// The sync state is unusable or its folder is gone: drop the state and resync the folder (listing folders
    /// again first when the folder is gone).
    case invalidSyncState
    /// This mailbox cannot be read with these settings (missing, denied, unlicensed): disable the mailbox.
    case mailboxLevel
    /// The account or its settings are wrong for every mailbox (account disabled, no impersonation right,
    /// wrong schema version): disable the integration.
    case integrationLevel
    /// One item cannot be read: record it and go on with the rest of the batch.
    case itemLevel
    /// Not known to be any of the above: record it and stop this request.
    case other

    /// Classifies a response code. `backOffMilliseconds` is carried into ``transient(backOffMilliseconds:)``.
    public static func classify(_ code: EWSResponseCode, backOffMilliseconds: Int? = nil) -> EWSErrorDisposition {
        switch table[code] {
        case .success?: .success
        case .transient?, .longOutage?: .transient(backOffMilliseconds: backOffMilliseconds)
        case .invalidSyncState?: .invalidSyncState
        case .mailboxLevel?: .mailboxLevel
        case .integrationLevel?: .integrationLevel
        case .itemLevel?: .itemLevel
        case nil: .other
        }
    }

    enum Class: Hashable, Sendable {
        case success, transient, longOutage, invalidSyncState, mailboxLevel, integrationLevel, itemLevel
    }

    /// Every code this module names, and its class; codes not listed classify as ``other``.
    static let table: [EWSResponseCode: Class] = [
        .noError: .success,

        .errorServerBusy: .transient,
        .errorInternalServerTransientError: .transient,
        .errorTimeoutExpired: .transient,
        .errorTooManyObjectsOpened: .transient,
        .errorExceededConnectionCount: .transient,
        .errorExceededSubscriptionCount: .transient,
        .errorExceededFindCountLimit: .transient,
        // Later items of a batch that stopped at an earlier failure: they were never tried.
        .errorBatchProcessingStopped: .transient,

        .errorMailboxMoveInProgress: .longOutage,
        .errorMailboxFailover: .longOutage,
        .errorMailboxStoreUnavailable: .longOutage,
        .errorConnectionFailed: .longOutage,
        .errorADUnavailable: .longOutage,
        .errorNoRespondingCASInDestinationSite: .longOutage,

        .errorInvalidSyncStateData: .invalidSyncState,
        .errorSyncFolderNotFound: .invalidSyncState,
        .errorFolderNotFound: .invalidSyncState,

        .errorNonExistentMailbox: .mailboxLevel,
        .errorInvalidUser: .mailboxLevel,
        .errorAccessDenied: .mailboxLevel,
        .errorImpersonateUserDenied: .mailboxLevel,
        .errorImpersonationFailed: .mailboxLevel,
        .errorInvalidExchangeImpersonationHeaderData: .mailboxLevel,
        .errorMailboxConfiguration: .mailboxLevel,
        .errorInvalidLicense: .mailboxLevel,
        .errorQuotaExceeded: .mailboxLevel,

        .errorAccountDisabled: .integrationLevel,
        .errorImpersonationDenied: .integrationLevel,
        .errorInvalidServerVersion: .integrationLevel,
        .errorInvalidSchemaVersionForMailboxVersion: .integrationLevel,
        .errorSchemaValidation: .integrationLevel,

        .errorItemNotFound: .itemLevel,
        .errorMimeContentConversionFailed: .itemLevel,
        .errorCorruptData: .itemLevel,
        .errorItemCorrupt: .itemLevel,
        .errorMessageSizeExceeded: .itemLevel,
        .errorInvalidIdMalformed: .itemLevel,
        .errorCannotOpenFileAttachment: .itemLevel,
    ]
}

extension EWSResponseCode {
    /// Whether the code means an outage of minutes to hours (a mailbox move, a failover, a directory or store
    /// outage) rather than throttling: back off longer, and look the mailbox's server up again.
    public var isLongOutage: Bool { EWSErrorDisposition.table[self] == .longOutage }

    /// The long outages of one mailbox rather than of the server ([EXD] responsecode.md: "being moved",
    /// "failover", "store unavailable"): retried for hours, then only that mailbox is disabled.
    public var isMailboxOutage: Bool {
        self == .errorMailboxMoveInProgress || self == .errorMailboxFailover || self == .errorMailboxStoreUnavailable
    }
}
