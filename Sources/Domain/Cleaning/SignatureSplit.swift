/// A message divided into its body and the signature at its end.
public struct SignatureSplit: Sendable, Equatable {
    /// The text above the signature, without trailing whitespace; the whole text when no signature was found.
    public var body: String
    /// The signature from its first line (the closing, delimiter, device line or name) to the end, or nil.
    public var signature: String?

    /// Creates a split from its two parts.
    public init(body: String, signature: String?) {
        self.body = body
        self.signature = signature
    }
}
