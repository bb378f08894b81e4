import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import EWS

/// A tiny namespace-aware DOM for checking request XML: parsing it proves well-formedness and that every prefix
/// is declared; `first("Header/RequestServerVersion")` walks local names, `*` matching any.
final class WireXMLNode {
    let name: String
    let namespace: String?
    let attributes: [String: String]
    private(set) var children: [WireXMLNode] = []
    fileprivate(set) var text = ""

    init(name: String, namespace: String?, attributes: [String: String]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    /// The document element, or `nil` if the bytes are not well-formed, namespace-valid XML.
    static func parse(_ bytes: [UInt8]) -> WireXMLNode? {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse() else { return nil }
        return builder.root
    }

    func all(_ path: String) -> [WireXMLNode] {
        var nodes = [self]
        for step in path.split(separator: "/") {
            nodes = nodes.flatMap { $0.children.filter { step == "*" || $0.name == step } }
        }
        return nodes
    }

    func first(_ path: String) -> WireXMLNode? { all(path).first }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: WireXMLNode?
        var stack: [WireXMLNode] = []

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            let node = WireXMLNode(name: elementName, namespace: namespaceURI, attributes: attributeDict)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

enum WireNamespace {
    static let soap = "http://schemas.xmlsoap.org/soap/envelope/"
    static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let types = "http://schemas.microsoft.com/exchange/services/2006/types"
}

extension String {
    var wireBytes: [UInt8] { Array(utf8) }
}

extension EWSResponse {
    /// The messages of a response that must not be a fault.
    func requireMessages(sourceLocation: SourceLocation = #_sourceLocation) throws -> [Message] {
        try #require(messages, "expected messages, got \(String(describing: fault))", sourceLocation: sourceLocation)
    }
}
