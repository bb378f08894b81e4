import Foundation

/// A command the client sends (RFC 3501 §6, RFC 9051 §6, and the extensions named on each case). Encode it with
/// ``CommandEncoder``, or send it through ``IMAPSessionState``, which also tracks its tag.
///
/// Printing a command shows only its name, so credentials and message content never reach a log.
public enum IMAPCommand: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    case capability
    case noop
    case logout
    /// RFC 3501 §6.2.1; after OK the driver starts TLS and must ask for capabilities again.
    case startTLS
    /// RFC 3501 §6.2.3: user name and password as quoted strings, or literals when they need it.
    case login(username: String, password: String)
    /// SASL PLAIN (RFC 4616), with the initial response inline when the server has SASL-IR (RFC 4959).
    case authenticatePlain(username: String, password: String, authorizationIdentity: String? = nil)
    /// Google's and Microsoft's XOAUTH2: `base64("user=" U ^A "auth=Bearer " T ^A ^A)`.
    case authenticateXOAUTH2(user: String, accessToken: String)
    /// RFC 5161: QRESYNC, CONDSTORE, UTF8=ACCEPT, ...
    case enable([Capability])
    /// RFC 2971; nil sends `ID NIL`.
    case id([IDParameter]?)
    /// `LIST reference pattern [RETURN ([SPECIAL-USE] [STATUS (items)])]` (RFC 3501 §6.3.8, RFC 6154 §5.1,
    /// RFC 5819 §2: a `* STATUS` response follows each selectable mailbox's `* LIST`).
    case list(reference: String = "", pattern: String = "*", returnSpecialUse: Bool = false,
              returnStatus: [StatusItem] = [])
    /// RFC 3501 §6.3.1, with CONDSTORE / QRESYNC parameters (RFC 7162 §3.1.8, §3.2.5).
    case select(MailboxName, SelectOptions = SelectOptions())
    /// Read-only SELECT (RFC 3501 §6.3.2).
    case examine(MailboxName, SelectOptions = SelectOptions())
    /// `CREATE` (RFC 3501 §6.3.3), for tests and tools.
    case create(MailboxName)
    /// `DELETE` (RFC 3501 §6.3.4), for tests and tools.
    case delete(MailboxName)
    /// `STATUS mailbox (items)` (RFC 3501 §6.3.10).
    case status(MailboxName, [StatusItem])
    /// `UID FETCH set (items) [(CHANGEDSINCE m [VANISHED])]` (RFC 3501 §6.4.8, RFC 7162 §3.1.4.1, §3.2.6).
    case uidFetch(UIDSet, [FetchItem], changedSince: UInt64? = nil, vanished: Bool = false)
    /// `UID SEARCH [RETURN (...)] keys` (RFC 3501 §6.4.4, RFC 4731 §3.1); keys are ANDed.
    case uidSearch([SearchKey], returning: [SearchReturnOption] = [])
    /// `UID STORE set [+|-]FLAGS[.SILENT] (flags)` (RFC 3501 §6.4.6), for tests and tools.
    case uidStore(UIDSet, FlagChange, [Flag], silent: Bool = true)
    /// `UID COPY` (RFC 3501 §6.4.7); with UIDPLUS the answer carries COPYUID.
    case uidCopy(UIDSet, to: MailboxName)
    /// `UID MOVE` (RFC 6851 §3.2).
    case uidMove(UIDSet, to: MailboxName)
    /// `UID EXPUNGE` (RFC 4315 §2.1).
    case uidExpunge(UIDSet)
    /// RFC 2177; end it with ``CommandEncoder/idleDone`` (``IMAPSessionState/endIdle()``).
    case idle
    case close
    /// RFC 3691.
    case unselect
    /// `NOTIFY SET …` (RFC 5465 §3.1), or `NOTIFY NONE` for nil (§3.2): which changes of which mailboxes the server
    /// reports unasked, while IDLE waits or with any command's answer.
    case notify(NotifyRequest?)
    /// `APPEND mailbox [(flags)] [date-time] literal` (RFC 3501 §6.3.11), for tests and tools.
    case append(MailboxName, flags: [Flag] = [], internalDate: Date? = nil, message: [UInt8])

    /// The command's name as sent, such as `UID FETCH`.
    public var name: String {
        switch self {
        case .capability: "CAPABILITY"
        case .noop: "NOOP"
        case .logout: "LOGOUT"
        case .startTLS: "STARTTLS"
        case .login: "LOGIN"
        case .authenticatePlain, .authenticateXOAUTH2: "AUTHENTICATE"
        case .enable: "ENABLE"
        case .id: "ID"
        case .list: "LIST"
        case .select: "SELECT"
        case .examine: "EXAMINE"
        case .create: "CREATE"
        case .delete: "DELETE"
        case .status: "STATUS"
        case .uidFetch: "UID FETCH"
        case .uidSearch: "UID SEARCH"
        case .uidStore: "UID STORE"
        case .uidCopy: "UID COPY"
        case .uidMove: "UID MOVE"
        case .uidExpunge: "UID EXPUNGE"
        case .idle: "IDLE"
        case .close: "CLOSE"
        case .unselect: "UNSELECT"
        case .append: "APPEND"
        case .notify: "NOTIFY"
        }
    }

    public var description: String { name }
    public var debugDescription: String { name }
}

/// How `UID STORE` changes flags (RFC 3501 §6.4.6).
public enum FlagChange: String, Hashable, Sendable {
    case replace = ""
    case add = "+"
    case remove = "-"
}
