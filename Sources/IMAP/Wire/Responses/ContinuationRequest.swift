/// A `+` continuation request (RFC 3501 §7.5): free text, or base64 data during AUTHENTICATE.
public struct ContinuationRequest: Hashable, Sendable {
    /// Everything after `+ `.
    public var text: String

    public init(text: String) {
        self.text = text
    }

    /// The text decoded as base64 (a SASL challenge), or nil when it is not base64.
    public var base64Decoded: [UInt8]? {
        Base64.decode(text)
    }
}
