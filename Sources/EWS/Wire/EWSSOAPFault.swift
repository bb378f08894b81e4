/// A SOAP 1.1 `Fault`: how EWS refuses a whole request (schema validation, an unknown server version, throttling
/// before the request ran).
///
/// Shape per exchangelib `tests/test_services.py`: `faultcode` (`a:ErrorServerBusy` or `soap:Client`),
/// `faultstring`, and a `detail` with `e:ResponseCode`, `e:Message` and `t:MessageXml`.
public struct EWSSOAPFault: Sendable, Hashable {
    /// `faultcode` as sent, prefix included.
    public var faultCode: String
    /// `faultstring`: the server's text; may name the mailbox.
    public var faultString: String
    /// `detail/ResponseCode`, or else the local part of `faultcode` when that is an EWS code (`Error…`).
    public var responseCode: EWSResponseCode?
    /// `detail/Message` (or `MessageText`).
    public var messageText: String?
    /// The `<t:Value Name="…">` pairs of `detail/MessageXml`.
    public var messageXMLValues: [String: String]

    public init(
        faultCode: String,
        faultString: String,
        responseCode: EWSResponseCode? = nil,
        messageText: String? = nil,
        messageXMLValues: [String: String] = [:]
    ) {
        self.faultCode = faultCode
        self.faultString = faultString
        self.responseCode = responseCode
        self.messageText = messageText
        self.messageXMLValues = messageXMLValues
    }

    /// How long the server asks the client to wait, from `MessageXml`.
    public var backOffMilliseconds: Int? { EWSResponseStatus.backOff(in: messageXMLValues) }

    /// What the client should do; a fault without an EWS code is ``EWSErrorDisposition/other``.
    public var disposition: EWSErrorDisposition {
        guard let responseCode else { return .other }
        return EWSErrorDisposition.classify(responseCode, backOffMilliseconds: backOffMilliseconds)
    }
}
