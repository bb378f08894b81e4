/// The outcome EWS reports for one response message (one item, one folder, one sync page).
public struct EWSResponseStatus: Sendable, Hashable {
    public var responseClass: EWSResponseClass
    public var responseCode: EWSResponseCode
    /// The server's human-readable text; may name the mailbox, so keep it out of metric labels.
    public var messageText: String?
    /// The `<t:Value Name="…">` pairs of `MessageXml`, such as `BackOffMilliseconds` or `InnerErrorResponseCode`.
    public var messageXMLValues: [String: String]

    public init(
        responseClass: EWSResponseClass,
        responseCode: EWSResponseCode,
        messageText: String? = nil,
        messageXMLValues: [String: String] = [:]
    ) {
        self.responseClass = responseClass
        self.responseCode = responseCode
        self.messageText = messageText
        self.messageXMLValues = messageXMLValues
    }

    /// How long the server asks the client to wait before trying again, from `MessageXml`.
    public var backOffMilliseconds: Int? { Self.backOff(in: messageXMLValues) }

    /// The specific code Exchange wraps in `ErrorInternalServerError` when the requested schema version does not
    /// know it ("EWS throttling in Exchange": an inner `ErrorServerBusy` can come this way).
    public var innerResponseCode: EWSResponseCode? {
        messageXMLValues["InnerErrorResponseCode"].map(EWSResponseCode.init(rawValue:))
    }

    /// What the client should do about this status; see ``EWSErrorDisposition/classify(_:backOffMilliseconds:)``.
    public var disposition: EWSErrorDisposition {
        if responseCode == .errorInternalServerError, let innerResponseCode {
            return EWSErrorDisposition.classify(innerResponseCode, backOffMilliseconds: backOffMilliseconds)
        }
        return EWSErrorDisposition.classify(responseCode, backOffMilliseconds: backOffMilliseconds)
    }

    public var isSuccess: Bool { responseClass == .success && responseCode == .noError }

    static func backOff(in values: [String: String]) -> Int? {
        guard let text = values["BackOffMilliseconds"], let milliseconds = Int(text.trimmingXMLSpace()),
            milliseconds >= 0
        else { return nil }
        return milliseconds
    }
}

extension String {
    /// Removes the XML white space characters (space, tab, CR, LF) at both ends, as `xs:boolean`, `xs:int` and
    /// `xs:dateTime` values allow (XML Schema part 2, `whiteSpace` collapse).
    func trimmingXMLSpace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) }) ?? first
        return self[first...last]
    }
}
