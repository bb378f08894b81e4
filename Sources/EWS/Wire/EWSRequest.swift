/// One EWS call ready to POST to `https://host/EWS/Exchange.asmx`: the SOAP envelope and the headers it needs.
///
/// The body can hold sync states and mailbox addresses: log its size, not its bytes.
public struct EWSRequest: Sendable {
    /// Which operation the body asks for.
    public var operation: EWSOperation
    /// The UTF-8 SOAP 1.1 envelope.
    public var body: [UInt8]
    /// Headers to send with the body, besides authentication, `Host` and `Content-Length`.
    public var headers: [(name: String, value: String)]

    public init(operation: EWSOperation, body: [UInt8], headers: [(name: String, value: String)]) {
        self.operation = operation
        self.body = body
        self.headers = headers
    }
}
