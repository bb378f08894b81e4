/// The outcome of a command: `OK`, `NO` or `BAD` (RFC 3501 §7.1).
public enum ResponseStatus: String, Hashable, Sendable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
}

/// A tagged status response that completes the command with the same tag (RFC 3501 §7.1, `response-tagged`).
public struct TaggedResponse: Hashable, Sendable {
    public var tag: String
    public var status: ResponseStatus
    public var code: ResponseCode?
    /// Human-readable text; it varies by server and language, so never branch on it (use ``code``).
    public var text: String

    public init(tag: String, status: ResponseStatus, code: ResponseCode? = nil, text: String) {
        self.tag = tag
        self.status = status
        self.code = code
        self.text = text
    }
}
