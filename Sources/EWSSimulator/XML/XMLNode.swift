import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One element of a parsed SOAP request: local name and namespace (prefixes resolved), attributes by local
/// name, children in document order and the text directly inside it.
///
/// Requests are small (ids and a few options), so the simulator reads them into this tree; matching by local
/// name and namespace lets any prefix, default namespace, white space and element order through, as EWS does.
struct XMLNode: Sendable {
    var name: String
    var namespace: String
    var attributes: [String: String]
    var children: [XMLNode]
    var text: String

    /// The first child with this local name.
    func child(_ name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child with this local name.
    func children(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The first element with this local name at any depth below this one (depth first, document order).
    func descendant(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }

    /// The text as `xs:boolean`: `true` or `1` (exchangelib sends `1` and `0`).
    var isTrue: Bool { Self.isTrue(trimmedText) }

    static func isTrue(_ text: String) -> Bool {
        text == "true" || text == "1"
    }

    /// The text with XML white space trimmed, as `xs:boolean`, `xs:int` and enumerations allow.
    var trimmedText: String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Attribute lookup ignoring any prefix on the attribute name.
    func attribute(_ name: String) -> String? {
        attributes[name]
    }
}

/// Why a request body could not be read as XML.
struct XMLReadError: Error, Sendable {
    var reason: String
}

/// Reads a request body into an ``XMLNode`` tree with FoundationXML's XMLParser (namespaces processed, external
/// entities off, document type declarations refused).
enum XMLTreeReader {
    static func read(_ bytes: [UInt8]) throws(XMLReadError) -> XMLNode {
        if containsDoctype(bytes) { throw XMLReadError(reason: "document type declaration") }
        // FoundationXML on Linux traps (kills the process) on an invalid UTF-8 byte inside an element or attribute
        // name, so bytes that aren't UTF-8, which a UTF-8 document must be anyway, never reach it.
        guard String(validating: bytes, as: UTF8.self) != nil else { throw XMLReadError(reason: "not UTF-8") }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let code = parser.parserError.map { String(($0 as NSError).code) } ?? "?"
            throw XMLReadError(reason: "XMLParser error \(code) at line \(parser.lineNumber)")
        }
        return root
    }

    private static func containsDoctype(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!DOCTYPE".utf8)
        guard bytes.count >= marker.count else { return false }
        return (0...(bytes.count - marker.count)).contains { start in
            marker.indices.allSatisfy { bytes[start + $0] == marker[$0] }
        }
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    private var stack: [XMLNode] = []

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        var attributes: [String: String] = [:]
        for (key, value) in attributeDict {
            attributes[Self.localName(key)] = value
        }
        stack.append(
            XMLNode(
                name: Self.localName(elementName), namespace: namespaceURI ?? "", attributes: attributes,
                children: [], text: ""
            ))
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard let node = stack.popLast() else { return }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
