import Domain

extension EWSMailSource {
    /// The engine's error kinds for EWS codes (issue 5, point 5), with what the user can do about the ones that
    /// need a person (issue 16, part 4).
    static func error(code: EWSResponseCode, disposition: EWSErrorDisposition, text: String) -> MailSourceError {
        switch disposition {
        case .success:
            return MailSourceError(.transient(retryAfter: nil), "unexpected answer", detail: text)
        case .transient(let milliseconds) where code.isMailboxOutage:
            return MailSourceError(.mailboxUnavailable(retryAfter: milliseconds.map { .milliseconds($0) }),
                                   "the mailbox is being moved or failing over", detail: text)
        case .transient(let milliseconds):
            return MailSourceError(.transient(retryAfter: milliseconds.map { .milliseconds($0) }),
                                   "the Exchange server is busy", detail: text)
        case .invalidSyncState:
            return code == .errorSyncFolderNotFound || code == .errorFolderNotFound
                ? MailSourceError(.folderNotFound, "the folder is gone", detail: text)
                : MailSourceError(.invalidCursor, "the sync state is no longer valid", detail: text)
        case .mailboxLevel:
            return mailboxError(code, text: text)
        case .integrationLevel:
            return accountError(code, text: text)
        case .itemLevel, .other:
            return MailSourceError(.transient(retryAfter: nil), "the Exchange server failed", detail: text)
        }
    }

    static let impersonationAdvice = "give the service account the ApplicationImpersonation role "
        + "(New-ManagementRoleAssignment -Role ApplicationImpersonation -User …), or set access_type: delegate and "
        + "give it FullAccess on the mailbox"

    /// This mailbox can't be read with these settings: the mailbox is disabled, not the integration.
    private static func mailboxError(_ code: EWSResponseCode, text: String) -> MailSourceError {
        switch code {
        case .errorNonExistentMailbox, .errorInvalidUser:
            return MailSourceError(.mailboxNotFound, "the mailbox does not exist", detail: text,
                                   advice: "check the mailbox's primary SMTP address, or remove the mailbox from "
                                       + "the integration")
        case .errorImpersonateUserDenied, .errorImpersonationFailed, .errorInvalidExchangeImpersonationHeaderData:
            return MailSourceError(.accessDenied, "the account may not impersonate the mailbox", detail: text,
                                   advice: impersonationAdvice)
        case .errorAccessDenied:
            return MailSourceError(.accessDenied, "no access to the mailbox", detail: text,
                                   advice: "give the service account FullAccess on the mailbox "
                                       + "(Add-MailboxPermission -AccessRights FullAccess), or set access_type: "
                                       + "impersonation with the ApplicationImpersonation role")
        default:
            // ErrorMailboxConfiguration, ErrorInvalidLicense, ErrorQuotaExceeded: the mailbox itself.
            return MailSourceError(.accessDenied, "the mailbox cannot be used", detail: text,
                                   advice: "the Exchange administrators can fix the mailbox; the full error text "
                                       + "names Exchange's reason")
        }
    }

    /// The account or its settings are wrong for every mailbox: the integration is disabled.
    private static func accountError(_ code: EWSResponseCode, text: String) -> MailSourceError {
        switch code {
        case .errorAccountDisabled:
            return MailSourceError(.authentication, "the Exchange account is disabled", detail: text,
                                   advice: "enable the service account in Active Directory, or use another")
        case .errorImpersonationDenied:
            return MailSourceError(.authentication, "the account may not impersonate", detail: text,
                                   advice: impersonationAdvice)
        case .errorInvalidServerVersion, .errorInvalidSchemaVersionForMailboxVersion:
            return MailSourceError(.configuration, "the Exchange server does not accept server_version",
                                   detail: text,
                                   advice: "set server_version to one the server speaks (Exchange2010 … "
                                       + "Exchange2016; Exchange2013_SP1 suits most servers)")
        default:
            return MailSourceError(.authentication, "the account cannot be used", detail: text,
                                   advice: "the full error text names Exchange's reason")
        }
    }
}
