/// Builds one operation's response messages from the elements below each `…ResponseMessage` element, as the
/// ``ResponseReader`` streams them. Status elements (`ResponseCode`, `MessageText`, `MessageXml`) are read by the
/// reader and never reach the handler.
protocol ResponseMessageHandler {
    associatedtype Message: Sendable

    /// The element inside `soap:Body`, such as `SyncFolderItemsResponse`.
    static var responseElement: String { get }
    /// The element of each response message, such as `SyncFolderItemsResponseMessage`.
    static var messageElement: String { get }

    init()

    /// An element opened below the response message; returns which text of it to collect.
    mutating func didStart(_ path: ElementPath, attributes: [String: String]) throws(EWSParseError) -> TextCapture

    /// An element closed; `value` is the text asked for at its start.
    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError)

    /// The response message closed: returns it and starts afresh for the next one.
    mutating func finish(status: EWSResponseStatus) throws(EWSParseError) -> Message
}

/// Which text of an element the reader collects.
enum TextCapture {
    case none
    case text
    /// Base64 content, decoded as it streams in.
    case base64
}

enum CapturedValue {
    case text(String)
    case bytes([UInt8])

    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    var bytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }
}

/// The local names (namespace prefixes removed) from below a response message down to the current element.
struct ElementPath {
    let names: ArraySlice<String>

    var count: Int { names.count }
    /// The current element.
    var name: String { names[names.endIndex - 1] }

    subscript(_ position: Int) -> String { names[names.startIndex + position] }

    /// Whether the path is exactly `pattern`, where `"*"` matches any one name.
    func matches(_ pattern: String...) -> Bool {
        guard pattern.count == names.count else { return false }
        return zip(pattern, names).allSatisfy { $0 == "*" || $0 == $1 }
    }
}

extension EWSFolderID {
    /// From the `Id` and `ChangeKey` attributes of a `FolderId` or `ParentFolderId` element.
    init?(attributes: [String: String]) {
        guard let id = attributes["Id"] else { return nil }
        self.init(id: id, changeKey: attributes["ChangeKey"])
    }
}

extension EWSItemID {
    /// From the `Id` and `ChangeKey` attributes of an `ItemId` element.
    init?(attributes: [String: String]) {
        guard let id = attributes["Id"] else { return nil }
        self.init(id: id, changeKey: attributes["ChangeKey"])
    }
}
