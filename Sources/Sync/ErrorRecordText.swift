import Domain
import Foundation

/// The text of an error record, in the user's words: what happened, to what, and what to do about it, ending with
/// how to turn back on what the engine turned off (issue 16, part 4). The summary stays the error's short, fixed
/// label; the server's own words go to the record's full text.
enum ErrorRecordText {
    /// - Parameters:
    ///   - error: the source's error (its summary and advice); nil for failures that aren't a source's.
    ///   - summary: what happened, when `error` is nil.
    ///   - advice: what to do, in place of the error's.
    ///   - action: what the engine did about it.
    static func text(_ error: MailSourceError?, summary: String, advice: String? = nil, integration: Integration,
                     mailbox: Mailbox, action: IntegrationError.Action) -> String {
        let what = subject(error, summary: summary, integration: integration, mailbox: mailbox)
        let advice = advice ?? error.map { $0.advice.isEmpty ? defaultAdvice($0.kind) : $0.advice } ?? ""
        let then = afterwards(action, integration: integration)
        return [what, [advice, then].filter { !$0.isEmpty }.joined(separator: "; ")]
            .filter { !$0.isEmpty }.joined(separator: ": ")
    }

    /// The summary, with whose login or which mailbox it was about.
    private static func subject(_ error: MailSourceError?, summary: String, integration: Integration,
                                mailbox: Mailbox) -> String {
        switch error?.kind {
        case .authentication?:
            guard let login = integration.connection.username, !login.isEmpty else { return summary }
            return "\(summary) for \(login)"
        case .mailboxNotFound?, .accessDenied?, .mailboxUnavailable?:
            return "\(summary) (\(mailbox.email))"
        default:
            return summary
        }
    }

    /// What to do when the source had nothing more precise to say.
    static func defaultAdvice(_ kind: MailSourceError.Kind) -> String {
        switch kind {
        case .authentication: "check the credentials"
        case .configuration: "check the connection settings; the full error text has the server's answer"
        case .mailboxNotFound: "check the mailbox address, or remove the mailbox from the integration"
        case .accessDenied: "give the login read access to this mailbox"
        case .transient, .mailboxUnavailable, .folderNotFound, .invalidCursor: ""
        }
    }

    /// How to undo what the engine did, or that nothing needs doing.
    private static func afterwards(_ action: IntegrationError.Action, integration: Integration) -> String {
        let reference = integration.owner == "default" ? integration.name : "\(integration.owner)/\(integration.name)"
        let path = "/api/_private/integrations/\(integration.owner)/\(integration.name)"
        switch action {
        case .integrationDisabled:
            return "then re-enable it with `mailstream integration enable \(reference)` or POST \(path)/enable"
        case .mailboxDisabled(let mailbox):
            return "then re-enable the mailbox with `mailstream integration enable \(reference) --mailbox "
                + "\(mailbox)` or POST \(path)/mailboxes/\(mailbox)/enable"
        case .retrying(let seconds):
            return "temporary: Mailstream tries again in \(format(seconds)) s (or at the next `mailstream sync`); "
                + "nothing to do unless it keeps failing"
        case .itemSkipped:
            return ""
        }
    }

    /// Seconds as people write them: "2", "1.5", "0.3".
    static func format(_ seconds: Double) -> String {
        let milliseconds = (seconds * 1_000).rounded()
        if milliseconds.truncatingRemainder(dividingBy: 1_000) == 0 { return String(Int(milliseconds / 1_000)) }
        return String(milliseconds / 1_000)
    }
}
