/// A response body this module cannot read as the EWS answer it expected.
///
/// The description is short and fixed (usable as a metric label); ``debugDescription`` adds the element or the
/// parser's position but never the server's text, which may hold mail content.
public struct EWSParseError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Code: Hashable, Sendable {
        case malformedXML
        case notSOAP
        case unexpectedResponse
        case missingElement
        case invalidValue
        case invalidBase64
        case documentTypeDeclaration
    }

    private let code: Code
    /// The element concerned, or the parser's message for malformed XML.
    public let context: String

    private init(_ code: Code, context: String = "") {
        self.code = code
        self.context = context
    }

    /// Not well-formed XML (an HTML error page, a cut-off body, bytes XML 1.0 forbids).
    public static let malformedXML = EWSParseError(.malformedXML)
    /// Well-formed XML, but not a SOAP envelope with a body.
    public static let notSOAP = EWSParseError(.notSOAP)
    /// A SOAP body holding another operation's response, or a response message of another kind.
    public static let unexpectedResponse = EWSParseError(.unexpectedResponse)
    /// An element the schema requires is missing (`ResponseCode`, `FolderId`, `ItemId`, …).
    public static let missingElement = EWSParseError(.missingElement)
    /// A value that does not fit its type (an unknown `ResponseClass`, a `Size` that is not a number, …).
    public static let invalidValue = EWSParseError(.invalidValue)
    /// `MimeContent` or attachment `Content` that is not valid base64.
    public static let invalidBase64 = EWSParseError(.invalidBase64)
    /// A `<!DOCTYPE`: EWS never sends one, and entity declarations are a denial-of-service risk.
    public static let documentTypeDeclaration = EWSParseError(.documentTypeDeclaration)

    static func malformed(_ detail: String) -> EWSParseError { EWSParseError(.malformedXML, context: detail) }
    static func notSOAP(_ element: String) -> EWSParseError { EWSParseError(.notSOAP, context: element) }
    static func unexpected(_ element: String) -> EWSParseError { EWSParseError(.unexpectedResponse, context: element) }
    static func missing(_ element: String) -> EWSParseError { EWSParseError(.missingElement, context: element) }
    static func invalid(_ element: String) -> EWSParseError { EWSParseError(.invalidValue, context: element) }
    static func base64(_ element: String) -> EWSParseError { EWSParseError(.invalidBase64, context: element) }

    /// Errors compare by kind only, so `error == .malformedXML` holds whatever the context.
    public static func == (lhs: EWSParseError, rhs: EWSParseError) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        switch code {
        case .malformedXML: "malformed EWS XML"
        case .notSOAP: "EWS response is not a SOAP envelope"
        case .unexpectedResponse: "unexpected EWS response"
        case .missingElement: "EWS response misses an element"
        case .invalidValue: "invalid value in EWS response"
        case .invalidBase64: "invalid base64 in EWS response"
        case .documentTypeDeclaration: "DOCTYPE in EWS response"
        }
    }

    public var debugDescription: String { context.isEmpty ? description : "\(description): \(context)" }
}
