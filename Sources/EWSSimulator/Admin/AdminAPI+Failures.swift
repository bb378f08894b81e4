import Foundation

/// `POST /_sim/failures`: `{"failure": NAME, "operation": "SyncFolderItems", "mailbox": "alice@contoso.com",
/// "count": 2, "back_off_ms": 500, "retry_after": 5, "response_code": "ErrorMoveCopyFailed"}`; only `failure` is
/// required (operation and mailbox default to any, count to 1).
extension AdminAPI {
    /// The failure names, each one case of ``InjectedFailure``.
    static let failureNames: [(name: String, meaning: String)] = [
        ("server-busy", "SOAP fault ErrorServerBusy with BackOffMilliseconds (back_off_ms, default 5000)"),
        ("server-busy-in-message", "ErrorServerBusy in the response message, with BackOffMilliseconds"),
        ("http-429", "HTTP 429 with Retry-After (retry_after seconds, default 5)"),
        ("http-503", "HTTP 503 from IIS, no SOAP body"),
        ("invalid-sync-state", "ErrorInvalidSyncStateData"),
        ("sync-folder-not-found", "ErrorSyncFolderNotFound"),
        ("missing-mailbox", "ErrorNonExistentMailbox"),
        ("access-denied", "ErrorAccessDenied"),
        ("impersonation-denied", "SOAP fault ErrorImpersonateUserDenied"),
        ("mailbox-move", "ErrorMailboxMoveInProgress"),
        ("timeout", "ErrorTimeoutExpired"),
        ("transient", "ErrorInternalServerTransientError"),
        ("drop-connection", "the TCP connection closes without an answer"),
        ("unauthorized", "HTTP 401; the connection must log in again"),
        ("response-code", "any response code in the response messages (response_code, e.g. ErrorMoveCopyFailed)"),
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
            ("GET  /_sim/mailboxes", "mailboxes and their folders (id, path, counts)"),
            ("GET  /_sim/items?mailbox=M[&folder=F]", "items: id, subject, folder, is_read, received"),
            ("POST /_sim/deliver?mailbox=M[&folder=F][&read=true][&received=T]", "body: raw MIME; delivers it"),
            ("POST /_sim/move {\"id\":I,\"folder\":F}", "moves an item (it gets a new ItemId)"),
            ("POST /_sim/delete {\"id\":I}", "hard-deletes an item"),
            ("POST /_sim/mark-read {\"id\":I,\"read\":true}", "sets the read flag"),
            ("POST /_sim/folders {\"mailbox\":M,\"name\":N,\"parent\":F}", "creates a folder"),
            ("POST /_sim/failures {\"failure\":NAME,\"operation\":OP,\"mailbox\":M,\"count\":N}",
             "fails the next N requests (of OP, for M)"),
            ("DELETE /_sim/failures", "drops the scheduled failures"),
            ("GET  /_sim/operations", "the EWS operations received so far"),
        ]
        var lines = requests.map { "  \($0.0)\n      \($0.1)" }
        lines.append("Folders F: a well-known name (inbox, sentitems, deleteditems, drafts, junkemail), a FolderId, or "
            + "a path such as Inbox/Projects. Items I: the EWS ItemId.")
        lines.append("Failure names:")
        lines += AdminAPI.failureNames.map { "  \($0.name): \($0.meaning)" }
        return lines.joined(separator: "\n")
    }
}
