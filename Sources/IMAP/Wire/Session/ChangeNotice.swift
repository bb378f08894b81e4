/// What a response the client did not ask for says has changed on the server: news from IDLE (RFC 2177) or
/// NOTIFY (RFC 5465), which may come during IDLE or mixed into the answer of any command.
public enum ChangeNotice: Hashable, Sendable {
    /// Something changed in this mailbox (a STATUS for a mailbox other than the selected one, RFC 5465 §5.1-5.3),
    /// named as on the wire before UTF-8 is enabled (modified UTF-7), as a LIST names it.
    case mailbox(String)
    /// The selected mailbox changed: a message arrived (EXISTS), left (EXPUNGE, VANISHED) or its flags changed
    /// (FETCH) (RFC 3501 §7.3-7.4, RFC 7162 §3.2.10).
    case selected
    /// A mailbox was created, deleted or renamed (a LIST, RFC 5465 §5.4).
    case mailboxList
    /// The server gave up reporting changes (`[NOTIFICATIONOVERFLOW]`, RFC 5465 §5.8): anything may have changed,
    /// and nothing more is reported until NOTIFY is set again.
    case overflow

    /// What the client is doing when a response arrives: the same response is an answer to some commands and news
    /// during others.
    public enum Context: Hashable, Sendable {
        /// IDLE, or no command at all.
        case idle
        /// LIST (with RETURN STATUS) or STATUS: their STATUS and LIST responses are answers.
        case listing
        /// SELECT or EXAMINE: EXISTS, VANISHED (EARLIER) and the codes describe the mailbox being opened.
        case selecting
        /// FETCH (and STORE): FETCH responses are answers.
        case fetching
        /// Any other command.
        case other

        /// The context of a command in flight.
        public init(_ command: IMAPCommand) {
            switch command {
            case .list, .status: self = .listing
            case .select, .examine: self = .selecting
            case .uidFetch, .uidStore: self = .fetching
            case .idle: self = .idle
            default: self = .other
            }
        }
    }

    /// The change `event` reports in `context`, or nil when it is an answer to the command (or no news at all).
    /// A FETCH counts by its first event (`fetchStart`); `\Recent` counts (RECENT) are never news on their own.
    public static func classify(_ event: IMAPResponseEvent, in context: Context) -> ChangeNotice? {
        switch event {
        case .untagged(.condition(_, .notificationOverflow?, _)):
            return .overflow
        case .untagged(.status(let status)):
            guard context != .listing else { return nil }
            return .mailbox(String(decoding: status.mailbox.wireBytes(utf8Accepted: false), as: UTF8.self))
        case .untagged(.list):
            return context == .listing ? nil : .mailboxList
        case .untagged(.exists), .untagged(.expunge):
            return context == .selecting ? nil : .selected
        case .untagged(.vanished(let earlier, _)):
            // VANISHED (EARLIER) answers QRESYNC's SELECT and FETCH … VANISHED; without EARLIER it is news
            // (RFC 7162 §3.2.10).
            return earlier || context == .selecting ? nil : .selected
        case .fetchStart:
            return context == .fetching ? nil : .selected
        default:
            return nil
        }
    }
}
