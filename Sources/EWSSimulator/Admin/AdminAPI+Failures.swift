import Foundation

/// `POST /_sim/failures`: `{"failure": NAME, "operation": "SyncFolderItems", "mailbox": "alice@contoso.com",
/// "count": 2, "back_off_ms": 500, "retry_after": 5, "response_code": "ErrorMoveCopyFailed"}`; only `failure` is
/// required (operation and mailbox default to any, count to 1).
extension AdminAPI {
    /// The failure names, each one case of ``InjectedFailure``.
    static let failureNames: [(name: String, meaning: String)] = [
        ("server-busy", "ErrorServerBusy fault, BackOffMilliseconds back_off_ms"),
        ("server-busy-in-message", "ErrorServerBusy in the response message"),
        ("http-429", "HTTP 429 with Retry-After: retry_after (seconds)"),
        ("http-503", "HTTP 503 from IIS, no SOAP body"),
        ("invalid-sync-state", "ErrorInvalidSyncStateData"),
        ("sync-folder-not-found", "ErrorSyncFolderNotFound"),
        ("missing-mailbox", "ErrorNonExistentMailbox"),
        ("access-denied", "ErrorAccessDenied"),
        ("impersonation-denied", "ErrorImpersonateUserDenied fault"),
        ("mailbox-move", "ErrorMailboxMoveInProgress"),
        ("timeout", "ErrorTimeoutExpired"),
        ("transient", "ErrorInternalServerTransientError"),
        ("drop-connection", "the connection closes without an answer"),
        ("unauthorized", "HTTP 401; the client must log in again"),
        ("response-code", "response_code (any, e.g. ErrorMoveCopyFailed)"),
    ]

    func scheduleFailure(_ fields: [String: Any]) throws -> Any {
        let name = try string(fields, "failure")
        let failure: InjectedFailure
        switch name {
        case "server-busy": failure = .serverBusy(backOffMilliseconds: try int(fields, "back_off_ms") ?? 5000)
        case "server-busy-in-message":
            failure = .serverBusyInResponseMessage(backOffMilliseconds: try int(fields, "back_off_ms") ?? 5000)
        case "http-429": failure = .http429(retryAfter: try int(fields, "retry_after") ?? 5)
        case "http-503": failure = .http503
        case "invalid-sync-state": failure = .invalidSyncState
        case "sync-folder-not-found": failure = .syncFolderNotFound
        case "missing-mailbox": failure = .nonExistentMailbox
        case "access-denied": failure = .accessDenied
        case "impersonation-denied": failure = .impersonateUserDenied
        case "mailbox-move": failure = .mailboxMoveInProgress
        case "timeout": failure = .timeoutExpired
        case "transient": failure = .internalServerTransientError
        case "drop-connection": failure = .dropConnection
        case "unauthorized": failure = .unauthorized
        case "response-code":
            let code = try string(fields, "response_code")
            guard code.hasPrefix("Error"), code.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw Failure(message: "response_code: '\(code)' is not an EWS response code such as ErrorMoveCopyFailed")
            }
            failure = .responseCode(code)
        default:
            throw Failure(message: "failure: unknown '\(name)' (known: "
                + Self.failureNames.map(\.name).joined(separator: ", ") + ")")
        }
        let count = try int(fields, "count") ?? 1
        guard (1...10_000).contains(count) else { throw Failure(message: "count must be between 1 and 10000") }
        let operation = fields["operation"] == nil ? nil : try string(fields, "operation")
        if let mailboxField = fields["mailbox"] {
            guard let text = mailboxField as? String else { throw Failure(message: "mailbox must be a text") }
            let mailbox = try mailbox(text, field: "mailbox")
            simulator.failNext(operation: operation, mailbox: mailbox, with: failure, count: count)
        } else {
            simulator.failNext(operation: operation, with: failure, count: count)
        }
        return ["scheduled": count]
    }

    private func int(_ fields: [String: Any], _ name: String) throws -> Int? {
        guard let value = fields[name] else { return nil }
        guard let number = value as? Int, number >= 0 else {
            throw Failure(message: "\(name) must be a whole number, 0 or more")
        }
        return number
    }
}

extension EWSSimulator {
    /// The admin API's requests and failure names, for `--help` and the README.
    public static var adminAPIHelp: String {
        let requests = [
            ("GET /_sim/mailboxes", "mailboxes, their folders (id, path, counts)"),
            ("GET /_sim/items?mailbox=M[&folder=F]", "items: id, subject, folder, read, received"),
            ("POST /_sim/deliver?mailbox=M[&folder=F][&read=true][&received=T]", "body: the MIME"),
            ("POST /_sim/move {\"id\":I,\"folder\":F}", "moves (the item gets a new ItemId)"),
            ("POST /_sim/delete {\"id\":I}", "hard-deletes"),
            ("POST /_sim/mark-read {\"id\":I,\"read\":true}", "sets the read flag"),
            ("POST /_sim/folders {\"mailbox\":M,\"name\":N,\"parent\":F}", "creates a folder"),
            ("POST /_sim/failures {\"failure\":NAME,\"count\":N,\"operation\":OP,\"mailbox\":M}",
             "the next N requests (of OP, for M) fail"),
            ("DELETE /_sim/failures", "drops the scheduled failures"),
            ("GET /_sim/operations", "the EWS operations received so far"),
        ]
        var lines = requests.map { "  \($0.0)\n      \($0.1)" }
        lines.append("F: a well-known name (inbox, sentitems, …), a FolderId or a path (Inbox/Projects).")
        lines.append("I: an EWS ItemId. Failure NAMEs:")
        lines += AdminAPI.failureNames.map { "  \($0.name.padding(toLength: 23, withPad: " ", startingAt: 0))\($0.meaning)" }
        return lines.joined(separator: "\n")
    }
}
