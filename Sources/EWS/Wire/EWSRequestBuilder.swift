/// Writes EWS SOAP 1.1 requests for one mailbox: the envelope, the header for the schema version and
/// impersonation, and the HTTP headers to send with it. Pure: no I/O, no state beyond its two settings.
///
/// The envelope follows exchangelib `services/common.py` `wrap()`; each operation's body follows its page in
/// the EWS reference (learn.microsoft.com "… operation"), with elements in the schema's order, because EWS
/// validates requests against the schema and answers `ErrorSchemaValidation` otherwise.
public struct EWSRequestBuilder: Sendable, Hashable {
    /// The schema version asked for in every request.
    public var version: EWSServerVersion
    /// Whose mailbox the requests read.
    public var access: EWSMailboxAccess

    public init(version: EWSServerVersion, access: EWSMailboxAccess = .own) {
        self.version = version
        self.access = access
    }

    static let soapNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
    static let messagesNamespace = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let typesNamespace = "http://schemas.microsoft.com/exchange/services/2006/types"

    /// The HTTP headers every request needs: `Content-Type: text/xml; charset=utf-8`, and under impersonation
    /// `X-AnchorMailbox: <smtp>` so the front end routes to the right mailbox server. EWS needs no `SOAPAction`.
    /// Control characters are removed from header values so a bad address cannot add header lines.
    public var httpHeaders: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "text/xml; charset=utf-8"),
            ("Accept", "text/xml"),
        ]
        if case .impersonation(let smtpAddress) = access {
            headers.append(("X-AnchorMailbox", Self.headerValue(smtpAddress)))
        }
        return headers
    }

    /// Wraps one operation element in the envelope.
    func request(_ operation: EWSOperation, body: (inout XMLWriter) -> Void) -> EWSRequest {
        var writer = XMLWriter()
        let namespaces: [(StaticString, String)] = [
            ("xmlns:soap", Self.soapNamespace),
            ("xmlns:m", Self.messagesNamespace),
            ("xmlns:t", Self.typesNamespace),
        ]
        writer.element("soap:Envelope", namespaces) { writer in
            writer.element("soap:Header") { writer in
                writer.emptyElement("t:RequestServerVersion", [("Version", version.rawValue)])
                if case .impersonation(let smtpAddress) = access {
                    writer.element("t:ExchangeImpersonation") { writer in
                        writer.element("t:ConnectingSID") { writer in
                            writer.element("t:PrimarySmtpAddress", text: smtpAddress)
                        }
                    }
                }
            }
            writer.element("soap:Body", content: body)
        }
        return EWSRequest(operation: operation, body: writer.bytes, headers: httpHeaders)
    }

    /// `<t:FolderId …/>`, or `<t:DistinguishedFolderId …>` naming the mailbox under delegate access.
    func writeFolder(_ folder: EWSFolderReference, into writer: inout XMLWriter) {
        switch folder {
        case .id(let id):
            writer.emptyElement("t:FolderId", Self.idAttributes(id.id, id.changeKey))
        case .distinguished(let name):
            guard case .delegate(let smtpAddress) = access else {
                writer.emptyElement("t:DistinguishedFolderId", [("Id", name.rawValue)])
                return
            }
            writer.element("t:DistinguishedFolderId", [("Id", name.rawValue)]) { writer in
                writer.element("t:Mailbox") { writer in
                    writer.element("t:EmailAddress", text: smtpAddress)
                }
            }
        }
    }

    /// The folder properties every folder listing asks for: name, parent and class (IPF.Note for mail), and with
    /// `counts` the numbers of items and unread items.
    func writeFolderShape(into writer: inout XMLWriter, counts: Bool = false) {
        writer.element("m:FolderShape") { writer in
            writer.element("t:BaseShape", text: "IdOnly")
            writer.element("t:AdditionalProperties") { writer in
                let countURIs = counts ? ["folder:TotalCount", "folder:UnreadCount"] : []
                for uri in ["folder:DisplayName", "folder:ParentFolderId", "folder:FolderClass"] + countURIs {
                    writer.emptyElement("t:FieldURI", [("FieldURI", uri)])
                }
            }
        }
    }

    static func headerValue(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        return String(scalars)
    }

    static func idAttributes(_ id: String, _ changeKey: String?) -> [(StaticString, String)] {
        guard let changeKey else { return [("Id", id)] }
        return [("Id", id), ("ChangeKey", changeKey)]
    }
}
