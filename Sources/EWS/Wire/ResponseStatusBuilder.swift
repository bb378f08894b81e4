/// Collects the status parts of a response message or a fault detail.
struct ResponseStatusBuilder {
    var responseClass: String?
    var responseCode: String?
    var messageText: String?
    var messageXMLValues: [String: String] = [:]

    /// The `ResponseClass` attribute is required; a missing `ResponseCode` is taken as `NoError` only on success.
    func build() throws(EWSParseError) -> EWSResponseStatus {
        guard let rawClass = responseClass else { throw .missing("ResponseClass") }
        guard let responseClass = EWSResponseClass(rawValue: String(rawClass.trimmingXMLSpace())) else {
            throw .invalid("ResponseClass")
        }
        let code = responseCode.map { String($0.trimmingXMLSpace()) } ?? ""
        guard !code.isEmpty || responseClass == .success else { throw .missing("ResponseCode") }
        return EWSResponseStatus(
            responseClass: responseClass,
            responseCode: code.isEmpty ? .noError : EWSResponseCode(rawValue: code),
            messageText: messageText,
            messageXMLValues: messageXMLValues
        )
    }
}

/// Collects a SOAP `Fault` from the elements below it.
struct FaultBuilder {
    private var faultCode = ""
    private var faultString = ""
    private var detail = ResponseStatusBuilder()

    /// `path` starts below `Fault`.
    func capture(for path: ElementPath) -> TextCapture {
        if path.matches("faultcode") || path.matches("faultstring") || path.matches("detail", "ResponseCode")
            || path.matches("detail", "Message") || path.matches("detail", "MessageText")
            || path.matches("detail", "MessageXml", "Value")
        {
            return .text
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: String?, valueName: String?) {
        guard let value else { return }
        if path.matches("faultcode") {
            faultCode = String(value.trimmingXMLSpace())
        } else if path.matches("faultstring") {
            faultString = value
        } else if path.matches("detail", "ResponseCode") {
            detail.responseCode = value
        } else if path.matches("detail", "Message") || path.matches("detail", "MessageText") {
            detail.messageText = value
        } else if path.matches("detail", "MessageXml", "Value"), let valueName {
            detail.messageXMLValues[valueName] = value
        }
    }

    func build() -> EWSSOAPFault {
        var code = detail.responseCode.map { EWSResponseCode(rawValue: String($0.trimmingXMLSpace())) }
        if code == nil || code?.rawValue.isEmpty == true {
            let localPart = faultCode.split(separator: ":").last.map(String.init) ?? ""
            code = localPart.hasPrefix("Error") ? EWSResponseCode(rawValue: localPart) : nil
        }
        return EWSSOAPFault(
            faultCode: faultCode,
            faultString: faultString,
            responseCode: code,
            messageText: detail.messageText,
            messageXMLValues: detail.messageXMLValues
        )
    }
}
