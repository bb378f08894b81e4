/// An EWS `ResponseCode` (`ResponseCodeType`), kept as the server spelled it so codes this module does not know
/// still reach the error record. The constants name the codes mail sync meets; descriptions are in the
/// reference page "ResponseCode" (learn.microsoft.com).
public struct EWSResponseCode: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static let noError: Self = "NoError"

    // Throttling and short outages.
    public static let errorServerBusy: Self = "ErrorServerBusy"
    public static let errorInternalServerTransientError: Self = "ErrorInternalServerTransientError"
    public static let errorTimeoutExpired: Self = "ErrorTimeoutExpired"
    public static let errorTooManyObjectsOpened: Self = "ErrorTooManyObjectsOpened"
    public static let errorExceededConnectionCount: Self = "ErrorExceededConnectionCount"
    public static let errorExceededSubscriptionCount: Self = "ErrorExceededSubscriptionCount"
    public static let errorExceededFindCountLimit: Self = "ErrorExceededFindCountLimit"
    public static let errorBatchProcessingStopped: Self = "ErrorBatchProcessingStopped"

    // Long outages: the mailbox is moving or its server is down.
    public static let errorMailboxMoveInProgress: Self = "ErrorMailboxMoveInProgress"
    public static let errorMailboxFailover: Self = "ErrorMailboxFailover"
    public static let errorMailboxStoreUnavailable: Self = "ErrorMailboxStoreUnavailable"
    public static let errorConnectionFailed: Self = "ErrorConnectionFailed"
    public static let errorADUnavailable: Self = "ErrorADUnavailable"
    public static let errorNoRespondingCASInDestinationSite: Self = "ErrorNoRespondingCASInDestinationSite"

    // Sync state.
    public static let errorInvalidSyncStateData: Self = "ErrorInvalidSyncStateData"
    public static let errorSyncFolderNotFound: Self = "ErrorSyncFolderNotFound"
    public static let errorFolderNotFound: Self = "ErrorFolderNotFound"

    // The mailbox.
    public static let errorNonExistentMailbox: Self = "ErrorNonExistentMailbox"
    public static let errorInvalidUser: Self = "ErrorInvalidUser"
    public static let errorAccessDenied: Self = "ErrorAccessDenied"
    public static let errorImpersonateUserDenied: Self = "ErrorImpersonateUserDenied"
    public static let errorImpersonationFailed: Self = "ErrorImpersonationFailed"
    public static let errorInvalidExchangeImpersonationHeaderData: Self = "ErrorInvalidExchangeImpersonationHeaderData"
    public static let errorMailboxConfiguration: Self = "ErrorMailboxConfiguration"
    public static let errorInvalidLicense: Self = "ErrorInvalidLicense"
    public static let errorQuotaExceeded: Self = "ErrorQuotaExceeded"

    // The integration: the account or its settings.
    public static let errorAccountDisabled: Self = "ErrorAccountDisabled"
    public static let errorImpersonationDenied: Self = "ErrorImpersonationDenied"
    public static let errorInvalidServerVersion: Self = "ErrorInvalidServerVersion"
    public static let errorInvalidSchemaVersionForMailboxVersion: Self = "ErrorInvalidSchemaVersionForMailboxVersion"
    public static let errorSchemaValidation: Self = "ErrorSchemaValidation"

    // One item.
    public static let errorItemNotFound: Self = "ErrorItemNotFound"
    public static let errorMimeContentConversionFailed: Self = "ErrorMimeContentConversionFailed"
    public static let errorCorruptData: Self = "ErrorCorruptData"
    public static let errorItemCorrupt: Self = "ErrorItemCorrupt"
    public static let errorMessageSizeExceeded: Self = "ErrorMessageSizeExceeded"
    public static let errorInvalidIdMalformed: Self = "ErrorInvalidIdMalformed"
    public static let errorCannotOpenFileAttachment: Self = "ErrorCannotOpenFileAttachment"

    // Anything else worth naming.
    public static let errorInternalServerError: Self = "ErrorInternalServerError"
    public static let errorInvalidPropertyRequest: Self = "ErrorInvalidPropertyRequest"
    public static let errorInvalidRequest: Self = "ErrorInvalidRequest"
    public static let errorInvalidRecipients: Self = "ErrorInvalidRecipients"
}
