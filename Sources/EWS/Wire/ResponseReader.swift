import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The XMLParser delegate behind every response parser. It checks the SOAP frame (`Envelope` › `Body` › the
/// operation's response or a `Fault`), reads each response message's status itself, and streams the rest of
/// each message to the operation's ``ResponseMessageHandler``.
///
/// Elements are matched by local name, not namespace: Microsoft's own samples mix `http` and `https` namespace
/// URIs, and prefixes vary (`s:`/`soap:`, `m:`, `t:`, default namespaces). Text is collected only for the
/// elements a handler asks for, so memory stays proportional to the values kept.
final class ResponseReader<Handler: ResponseMessageHandler>: NSObject, XMLParserDelegate {
    private var handler = Handler()
    private var path: [String] = []
    private var messages: [Handler.Message] = []
    private var status = ResponseStatusBuilder()
    private var fault: FaultBuilder?
    private var sawEnvelope = false
    private var sawBody = false
    private var sawResponse = false

    /// The element whose text is being collected, by depth; only one at a time (values are leaves).
    private var captureDepth: Int?
    private var captureKind = TextCapture.none
    private var text = ""
    private var base64 = Base64StreamDecoder()
    /// The `Name` attribute of the `MessageXml` `Value` being read.
    private var valueName: String?
    /// Base64 contents the preprocessor decoded, and the one the captured element refers to.
    private var blobs: [[UInt8]]
    private var captureBlob: Int?

    private(set) var error: EWSParseError?

    init(blobs: [[UInt8]]) {
        self.blobs = blobs
    }

    /// Depth of the response message elements:
    /// Envelope › Body › …Response › ResponseMessages › …ResponseMessage.
    private static var messageDepth: Int { 5 }

    /// The parsed answer once the parser has finished without error.
    func result() throws(EWSParseError) -> EWSResponse<Handler.Message> {
        if let error { throw error }
        guard sawEnvelope, sawBody else { throw .notSOAP(sawEnvelope ? "Body" : "Envelope") }
        if let fault { return .fault(fault.build()) }
        guard sawResponse else { throw .unexpected("empty Body") }
        return .messages(messages)
    }

    // MARK: XMLParserDelegate

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard error == nil else { return }
        path.append(Self.localName(elementName))
        do throws(EWSParseError) {
            let capture = try start(attributes: attributeDict)
            if captureDepth == nil, capture != .none {
                captureDepth = path.count
                captureKind = capture
                captureBlob = attributeDict[ResponsePreprocessor.blobAttribute].flatMap { Int($0) }
            }
        } catch {
            fail(error, parser)
        }
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard error == nil, !path.isEmpty else { return }
        do throws(EWSParseError) {
            try end(value: takeCapture())
        } catch {
            fail(error, parser)
        }
        path.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard captureDepth != nil else { return }
        switch captureKind {
        case .text: text += string
        case .base64: base64.append(string.utf8)
        case .none: break
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard captureDepth != nil else { return }
        switch captureKind {
        case .text: text += String(decoding: CDATABlock, as: UTF8.self)
        case .base64: base64.append(CDATABlock)
        case .none: break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard error == nil else { return }
        let code = (parseError as NSError).code
        error = .malformed("XMLParser error \(code) at line \(parser.lineNumber), column \(parser.columnNumber)")
    }

    // MARK: Routing

    private func start(attributes: [String: String]) throws(EWSParseError) -> TextCapture {
        let depth = path.count
        let name = path[depth - 1]
        switch depth {
        case 1:
            guard name == "Envelope" else { throw .notSOAP(name) }
            sawEnvelope = true
        case 2:
            if name == "Body" { sawBody = true }
        case 3 where path[1] == "Body":
            if name == "Fault" {
                fault = FaultBuilder()
            } else if name == Handler.responseElement {
                sawResponse = true
            } else {
                throw .unexpected(name)
            }
        case 4... where isInFault:
            let below = ElementPath(names: path[3...])
            if below.matches("detail", "MessageXml", "Value") { valueName = attributes["Name"] }
            return fault?.capture(for: below) ?? .none
        case Self.messageDepth where isInResponseMessages:
            guard name == Handler.messageElement else { throw .unexpected(name) }
            status = ResponseStatusBuilder(responseClass: attributes["ResponseClass"])
        case (Self.messageDepth + 1)... where isInResponseMessages:
            let below = ElementPath(names: path[Self.messageDepth...])
            if below.matches("ResponseCode") || below.matches("MessageText") { return .text }
            if below.matches("MessageXml", "Value") {
                valueName = attributes["Name"]
                return .text
            }
            if below[0] == "MessageXml" { return .none }
            return try handler.didStart(below, attributes: attributes)
        default:
            break
        }
        return .none
    }

    private func end(value: CapturedValue?) throws(EWSParseError) {
        let depth = path.count
        switch depth {
        case 4... where isInFault:
            fault?.didEnd(ElementPath(names: path[3...]), value: value?.text, valueName: valueName)
        case Self.messageDepth where isInResponseMessages:
            messages.append(try handler.finish(status: status.build()))
        case (Self.messageDepth + 1)... where isInResponseMessages:
            let below = ElementPath(names: path[Self.messageDepth...])
            if below.matches("ResponseCode") {
                status.responseCode = value?.text
            } else if below.matches("MessageText") {
                status.messageText = value?.text
            } else if below.matches("MessageXml", "Value") {
                if let valueName, let text = value?.text { status.messageXMLValues[valueName] = text }
            } else if below[0] != "MessageXml" {
                try handler.didEnd(below, value: value)
            }
        default:
            break
        }
    }

    /// The collected value if the closing element is the one being captured.
    private func takeCapture() throws(EWSParseError) -> CapturedValue? {
        guard captureDepth == path.count else { return nil }
        defer {
            captureDepth = nil
            captureKind = .none
            captureBlob = nil
            text = ""
        }
        switch captureKind {
        case .text:
            return .text(text)
        case .base64 where captureBlob != nil:
            guard let index = captureBlob, blobs.indices.contains(index) else { throw .base64(path[path.count - 1]) }
            var bytes: [UInt8] = []
            swap(&bytes, &blobs[index])
            return .bytes(bytes)
        case .base64:
            // Swapped out, not copied: the decoder must own its buffer uniquely or finishing it copies megabytes.
            var decoder = Base64StreamDecoder()
            swap(&decoder, &base64)
            guard let bytes = decoder.finish() else { throw .base64(path[path.count - 1]) }
            return .bytes(bytes)
        case .none:
            return nil
        }
    }

    private var isInFault: Bool { path.count >= 3 && path[1] == "Body" && path[2] == "Fault" }

    private var isInResponseMessages: Bool {
        path.count >= 4 && path[1] == "Body" && path[2] == Handler.responseElement && path[3] == "ResponseMessages"
    }

    private func fail(_ failure: EWSParseError, _ parser: XMLParser) {
        if error == nil { error = failure }
        parser.abortParsing()
    }

    /// `t:ItemId` → `ItemId`.
    private static func localName(_ qualifiedName: String) -> String {
        guard let colon = qualifiedName.lastIndex(of: ":") else { return qualifiedName }
        return String(qualifiedName[qualifiedName.index(after: colon)...])
    }
}
