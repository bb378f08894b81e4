/// A message body divided into the newest message and the quoted thread below it.
public struct QuoteSplit: Sendable, Equatable {
    /// The text above the quote marker, without trailing whitespace; the whole body when nothing was found.
    public var newest: String
    /// The marker line and everything after it, or nil when the body quotes nothing.
    public var quoted: String?

    /// Creates a split from its two parts.
    public init(newest: String, quoted: String?) {
        self.newest = newest
        self.quoted = quoted
    }
}
