import Domain

extension IMAPClient {
    /// The `MailSourceError` for a command the server refused (BAD, or NO where that is a failure), by its code.
    static func error(for response: TaggedResponse, command: String) -> MailSourceError {
        let verb = command.split(separator: " ").prefix(2).joined(separator: " ")
        switch response.code {
        case .unavailable?, .inUse?, .limit?, .serverBug?:
            return MailSourceError(.transient(retryAfter: nil), "the server is busy", detail: "\(verb): \(response.text)")
        case .nonExistent?:
            return MailSourceError(.folderNotFound, "the folder does not exist", detail: "\(verb): \(response.text)")
        case .noPermission?:
            return MailSourceError(.accessDenied, "the IMAP server denied access to a folder",
                                   detail: "\(verb): \(response.text)",
                                   advice: "give the login read access to the folder, or leave it out with exclude:")
        default:
            return MailSourceError(.transient(retryAfter: nil), "the server rejected a command",
                                   detail: "\(verb): \(response.status.rawValue) \(response.text)")
        }
    }
}
