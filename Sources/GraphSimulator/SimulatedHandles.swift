/// A message delivered through the control API. It keeps naming the message across moves (it carries the
/// immutable id); ``GraphSimulator/restID(of:)`` gives the default id of its current location.
public struct GraphMessageHandle: Sendable, Hashable {
    /// The mailbox the message lives in.
    public let mailbox: String
    /// The message's immutable id (what clients see with `Prefer: IdType="ImmutableId"`).
    public let immutableID: String
    let key: Int
}

/// A folder named in the control API.
public enum GraphFolderReference: Sendable, Hashable {
    /// A well-known name: `inbox`, `sentitems`, `deleteditems`, `archive`, `junkemail`, `drafts`, `msgfolderroot`, …
    case wellKnown(String)
    /// A folder id as the simulator issued it.
    case id(String)
    /// Display names from the top of the information store down (`["Inbox", "Projects"]`); the first may also be a
    /// well-known name.
    case path([String])

    public static let inbox = GraphFolderReference.wellKnown("inbox")
    public static let sentItems = GraphFolderReference.wellKnown("sentitems")
    public static let deletedItems = GraphFolderReference.wellKnown("deleteditems")
    public static let archive = GraphFolderReference.wellKnown("archive")
    public static let junkEmail = GraphFolderReference.wellKnown("junkemail")
    public static let drafts = GraphFolderReference.wellKnown("drafts")
    public static let top = GraphFolderReference.wellKnown("msgfolderroot")

    /// `inbox/Projects/2026` style: segments split at `/`.
    public init(text: String) {
        let parts = text.split(separator: "/").map(String.init)
        self = parts.count == 1 ? .wellKnown(parts[0]) : .path(parts)
    }
}

/// Why a control call, the seed file or starting the server was refused.
public struct GraphSimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Code: String, Sendable, Hashable {
        case unknownMailbox = "unknown mailbox"
        case unknownFolder = "unknown folder"
        case unknownMessage = "unknown message"
        case unknownSubscription = "unknown subscription"
        case alreadyStarted = "already started"
        case invalidConfiguration = "invalid configuration"
        case invalidSeed = "invalid seed file"
    }

    let code: Code
    /// Details for a developer: the mailbox, folder, field or file concerned.
    public let detail: String

    public var description: String { detail.isEmpty ? code.rawValue : "\(code.rawValue): \(detail)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public static let unknownMailbox = GraphSimulatorError(code: .unknownMailbox, detail: "")
    public static let unknownFolder = GraphSimulatorError(code: .unknownFolder, detail: "")
    public static let unknownMessage = GraphSimulatorError(code: .unknownMessage, detail: "")
    public static let unknownSubscription = GraphSimulatorError(code: .unknownSubscription, detail: "")
    public static let invalidConfiguration = GraphSimulatorError(code: .invalidConfiguration, detail: "")
    public static let invalidSeed = GraphSimulatorError(code: .invalidSeed, detail: "")
}

/// One Graph request the simulator answered, for tests to count and inspect.
public struct GraphRequestRecord: Sendable, Hashable {
    public var method: String
    /// The raw path and query, as received.
    public var target: String
    public var endpoint: GraphEndpoint?
    public var status: Int
    /// The client id of the token, when it was valid.
    public var clientID: String?
}
