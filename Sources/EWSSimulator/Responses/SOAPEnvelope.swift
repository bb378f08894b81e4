/// The frame of every answer, in the shapes of Microsoft's reference pages: `s:Envelope` with an `s:Header`
/// carrying `t:ServerVersionInfo`, an `s:Body` with `m:<Operation>Response` › `m:ResponseMessages` ›
/// `m:<Operation>ResponseMessage ResponseClass=…`; or a SOAP 1.1 `s:Fault` with the EWS code in `detail`.
enum SOAPEnvelope {
    static let soapNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
    static let messagesNamespace = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let typesNamespace = "http://schemas.microsoft.com/exchange/services/2006/types"
    static let errorsNamespace = "http://schemas.microsoft.com/exchange/services/2006/errors"

    /// One response message's outcome.
    struct Status: Sendable {
        var code: String
        var backOffMilliseconds: Int?

        static let success = Status(code: "NoError")

        var isSuccess: Bool { code == "NoError" }
    }

    /// The whole answer to an operation: one message per entry of `messages`.
    static func response(
        operation: String,
        version: EWSSimulatorConfiguration.ServerVersion,
        messages: [(status: Status, content: (inout XMLOutput) -> Void)]
    ) -> [UInt8] {
        var output = XMLOutput()
        output.element("s:Envelope", [("xmlns:s", soapNamespace)]) { output in
            output.element("s:Header") { output in
                output.empty(
                    "t:ServerVersionInfo",
                    [
                        ("MajorVersion", String(version.majorVersion)), ("MinorVersion", String(version.minorVersion)),
                        ("MajorBuildNumber", String(version.majorBuildNumber)),
                        ("MinorBuildNumber", String(version.minorBuildNumber)), ("Version", version.version),
                        ("xmlns:t", typesNamespace),
                    ])
            }
            output.element(
                "s:Body",
                [
                    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                    ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema"),
                ]
            ) { output in
                output.element("m:\(operation)Response", [("xmlns:m", messagesNamespace), ("xmlns:t", typesNamespace)])
                {
                    output in
                    output.element("m:ResponseMessages") { output in
                        for message in messages {
                            writeMessage(operation: operation, status: message.status, into: &output, message.content)
                        }
                    }
                }
            }
        }
        return output.bytes
    }

    private static func writeMessage(
        operation: String,
        status: Status,
        into output: inout XMLOutput,
        _ content: (inout XMLOutput) -> Void
    ) {
        let responseClass = status.isSuccess ? "Success" : "Error"
        output.element("m:\(operation)ResponseMessage", [("ResponseClass", responseClass)]) { output in
            if !status.isSuccess {
                output.element("m:MessageText", text: ResponseCodeText.text(for: status.code))
            }
            output.element("m:ResponseCode", text: status.code)
            if !status.isSuccess {
                output.element("m:DescriptiveLinkKey", text: "0")
                if let backOff = status.backOffMilliseconds {
                    output.element("m:MessageXml") { output in
                        output.element("t:Value", [("Name", "BackOffMilliseconds")], text: String(backOff))
                    }
                }
            }
            content(&output)
        }
    }

    /// A SOAP fault as Exchange sends it (HTTP 500): `faultcode` `a:<code>`, `faultstring`, and `detail` with
    /// `e:ResponseCode`, `e:Message` and, for throttling, `t:MessageXml` with `BackOffMilliseconds`.
    static func fault(code: String, backOffMilliseconds: Int? = nil, violation: String? = nil) -> [UInt8] {
        let text = ResponseCodeText.text(for: code)
        var output = XMLOutput()
        output.element("s:Envelope", [("xmlns:s", soapNamespace)]) { output in
            output.element("s:Body") { output in
                output.element("s:Fault") { output in
                    output.element("faultcode", [("xmlns:a", typesNamespace)], text: "a:\(code)")
                    output.element("faultstring", [("xml:lang", "en-US")], text: text)
                    output.element("detail") { output in
                        output.element("e:ResponseCode", [("xmlns:e", errorsNamespace)], text: code)
                        output.element("e:Message", [("xmlns:e", errorsNamespace)], text: text)
                        if let backOffMilliseconds {
                            output.element("t:MessageXml", [("xmlns:t", typesNamespace)]) { output in
                                output.element(
                                    "t:Value", [("Name", "BackOffMilliseconds")], text: String(backOffMilliseconds)
                                )
                            }
                        }
                        if let violation {
                            output.element("t:MessageXml", [("xmlns:t", typesNamespace)]) { output in
                                output.element("t:LineNumber", text: "1")
                                output.element("t:LinePosition", text: "1")
                                output.element("t:Violation", text: violation)
                            }
                        }
                    }
                }
            }
        }
        return output.bytes
    }
}
