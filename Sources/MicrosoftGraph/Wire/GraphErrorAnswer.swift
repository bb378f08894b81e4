import Domain
import Foundation
import MicrosoftIdentity

/// A Graph error answer (learn.microsoft.com/graph/errors): `{"error": {"code", "message", "innerError": {…}}}`
/// with its HTTP status, classified for the engine (issue 18, point 2; codes as Exchange Online sends them, from
/// Microsoft's docs and alcionai/corso's graph/errors.go).
public struct GraphErrorAnswer: Sendable, Equatable {
    public var status: Int
    /// `error.code`; empty when the body had none (a gateway's HTML, an empty 504).
    public var code: String
    public var message: String
    /// `Retry-After`, seconds (fractional allowed) or an HTTP date.
    public var retryAfter: Duration?
    /// `error.innerError.message`: some workloads put the real reason there ("invalid sync state" under a
    /// generic `BadRequest`).
    public var innerMessage: String

    public init(status: Int, code: String, message: String, retryAfter: Duration? = nil, innerMessage: String = "") {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.innerMessage = innerMessage
    }

    /// Reads an error answer; a body that isn't Graph's JSON leaves `code` empty.
    public init(status: Int, retryAfterHeader: String?, body: [UInt8], now: Date = Date()) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        let inner = error?["innerError"] as? [String: Any]
        self.init(status: status, code: error?["code"] as? String ?? "", message: error?["message"] as? String ?? "",
                  retryAfter: RetryAfter.duration(retryAfterHeader, now: now),
                  innerMessage: inner?["message"] as? String ?? "")
    }

    /// Whether the code is one of these, as Graph's codes vary in case (`syncStateNotFound`, `SyncStateNotFound`).
    func `is`(_ codes: String...) -> Bool {
        codes.contains { $0.caseInsensitiveCompare(code) == .orderedSame }
    }

    /// `ErrorItemNotFound`: the item or folder named in the request is gone.
    public var isItemNotFound: Bool { status == 404 && self.is("ErrorItemNotFound", "itemNotFound") }

    /// A delta or skip token Graph can no longer use. 410 (`syncStateNotFound`, `resyncRequired`,
    /// `SyncStateInvalid`) is the documented answer to an old delta token; a `$skiptoken` kept too long (a
    /// `@odata.nextLink` saved as a cursor and followed hours later) has been answered with 400 and a sync-state code
    /// instead: `syncStateNotFound` (Microsoft's 2020 note on token lifetimes: "a BadRequest response with the error
    /// code syncStateNotFound"), Exchange's `ErrorInvalidSyncStateData`, or a generic `BadRequest` whose inner error
    /// says "invalid sync state" (microsoft-graph-devx-api#1907). Each means the same: start the folder over.
    public var isInvalidSyncState: Bool {
        if status == 410 || self.is("syncStateNotFound", "resyncRequired", "SyncStateInvalid",
                                    "ErrorInvalidSyncStateData", "InvalidSyncStateData") {
            return true
        }
        return status == 400 && [message, innerMessage].contains { $0.lowercased().contains("sync state") }
    }

    public var text: String {
        let what = code.isEmpty ? "HTTP \(status)" : "HTTP \(status) \(code)"
        let reason = innerMessage.isEmpty || innerMessage == message ? message
            : message.isEmpty ? innerMessage : "\(message) (\(innerMessage))"
        return reason.isEmpty ? what : "\(what): \(reason)"
    }

    static let permissionAdvice = "grant the app registration the Mail.Read application permission with admin "
        + "consent; when an application access policy limits the app (New-ApplicationAccessPolicy … -AccessRight "
        + "RestrictAccess), add this mailbox to the policy's group (changes can take an hour to apply)"

    /// The engine's kind for this answer, as the point 2 lists them.
    public var error: MailSourceError {
        if status == 429 || status == 503 || self.is("ApplicationThrottled", "TooManyRequests", "ServiceUnavailable") {
            return MailSourceError(.transient(retryAfter: retryAfter), "Microsoft Graph is throttling or busy",
                                   detail: text)
        }
        if isInvalidSyncState {
            return MailSourceError(.invalidCursor, "the delta token is no longer valid", detail: text)
        }
        if self.is("MailboxNotEnabledForRESTAPI", "MailboxNotSupportedForRESTAPI") {
            return MailSourceError(.accessDenied, "the mailbox is not enabled for Microsoft Graph", detail: text,
                                   advice: "Graph reaches only Exchange Online mailboxes that are licensed and "
                                       + "active: an on-premises, inactive or soft-deleted mailbox needs EWS "
                                       + "(microsoft_api: ews)")
        }
        if self.is("ErrorAccessDenied", "Authorization_RequestDenied", "AccessDenied") || status == 403 {
            return MailSourceError(.accessDenied, "Microsoft Graph denied access to the mailbox", detail: text,
                                   advice: Self.permissionAdvice)
        }
        if self.is("ErrorInvalidUser", "ResourceNotFound", "Request_ResourceNotFound", "ErrorNonExistentMailbox") {
            return MailSourceError(.mailboxNotFound, "the mailbox does not exist", detail: text,
                                   advice: "check the mailbox's primary SMTP address (or user id), or remove the "
                                       + "mailbox from the integration")
        }
        if self.is("ErrorSyncFolderNotFound", "ErrorFolderNotFound") || isItemNotFound {
            return MailSourceError(.folderNotFound, "the folder is gone", detail: text)
        }
        if status == 401 || self.is("InvalidAuthenticationToken") {
            return MailSourceError(.authentication, "Microsoft Graph refused the app-only token", detail: text,
                                   advice: "check tenant_id, client_id and cloud, and " + Self.permissionAdvice)
        }
        if self.is("ErrorQuotaExceeded") {
            return MailSourceError(.accessDenied, "the mailbox is over its quota", detail: text,
                                   advice: "the Exchange administrators can raise the mailbox's quota")
        }
        // 500, 502, 504 (an empty UnknownError from the gateway) and anything unexpected: back off and try again;
        // the retry budget ends a failure that lasts.
        return MailSourceError(.transient(retryAfter: retryAfter), "Microsoft Graph failed", detail: text)
    }
}
