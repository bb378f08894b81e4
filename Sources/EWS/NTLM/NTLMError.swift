/// Everything that can go wrong in an NTLM handshake, on either side.
///
/// A struct around a private code so new cases don't break callers; compare against the static members
/// (`error == .wrongPassword`). `description` is a short fixed label, safe for logs and metrics; `debugDescription`
/// adds the detail (an offset, a field name), never a password, hash or message body.
public struct NTLMError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Code: String, Sendable {
        case malformedMessage = "malformed message"
        case unexpectedMessageType = "unexpected message type"
        case messageTooLarge = "message too large"
        case invalidState = "invalid state"
        case malformedHeader = "malformed header"
        case notOffered = "NTLM not offered"
        case rejected = "credentials rejected"
        case unsupportedResponse = "unsupported response"
        case unknownUser = "unknown user"
        case wrongPassword = "wrong password"
        case badMIC = "bad MIC"
        case missingChannelBinding = "missing channel binding"
        case wrongChannelBinding = "wrong channel binding"
    }

    private let code: Code
    private let detail: String?

    private init(_ code: Code, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    /// Bytes that aren't a well-formed NTLM message: bad signature, truncated header, a field pointing outside
    /// the message, an odd-length UTF-16 string, a broken AV pair list or NTLMv2 blob.
    public static let malformedMessage = NTLMError(.malformedMessage)
    /// A well-formed NTLM message of another type than expected (a NEGOTIATE where a CHALLENGE was due).
    public static let unexpectedMessageType = NTLMError(.unexpectedMessageType)
    /// A field would not fit the 16-bit length of an NTLM payload field.
    public static let messageTooLarge = NTLMError(.messageTooLarge)
    /// A method called out of order, such as `authenticate(challenge:)` before `negotiate()`.
    public static let invalidState = NTLMError(.invalidState)
    /// An `Authorization` or `WWW-Authenticate` value whose NTLM token isn't valid base64.
    public static let malformedHeader = NTLMError(.malformedHeader)
    /// The server's `WWW-Authenticate` values don't offer NTLM.
    public static let notOffered = NTLMError(.notOffered)
    /// The server answered the AUTHENTICATE message with another 401: the credentials were refused.
    public static let rejected = NTLMError(.rejected)
    /// An AUTHENTICATE message with an NTLMv1 or anonymous response; only NTLMv2 is accepted.
    public static let unsupportedResponse = NTLMError(.unsupportedResponse)
    /// The password lookup knows no such user in that domain.
    public static let unknownUser = NTLMError(.unknownUser)
    /// The NTLMv2 proof doesn't match the password on file.
    public static let wrongPassword = NTLMError(.wrongPassword)
    /// The message integrity code doesn't cover the three messages as exchanged: one of them was altered.
    public static let badMIC = NTLMError(.badMIC)
    /// Channel binding is required but the client sent none (or the all-zero "unbound" value).
    public static let missingChannelBinding = NTLMError(.missingChannelBinding)
    /// The client's channel binding hash is for another TLS channel (for example a proxy's certificate).
    public static let wrongChannelBinding = NTLMError(.wrongChannelBinding)

    package static func malformed(_ detail: String) -> NTLMError {
        NTLMError(.malformedMessage, detail: detail)
    }

    package static func tooLarge(_ detail: String) -> NTLMError {
        NTLMError(.messageTooLarge, detail: detail)
    }

    package static func unexpectedType(_ type: UInt32) -> NTLMError {
        NTLMError(.unexpectedMessageType, detail: "message type \(type)")
    }

    public var description: String { code.rawValue }

    public var debugDescription: String {
        guard let detail else { return "NTLMError(\(code.rawValue))" }
        return "NTLMError(\(code.rawValue): \(detail))"
    }

    /// Errors are equal when their kind is; the detail is only for debugging.
    public static func == (lhs: NTLMError, rhs: NTLMError) -> Bool {
        lhs.code == rhs.code
    }
}
