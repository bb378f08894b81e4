/// A message added to the simulator, stable across moves (its EWS ItemId is not: see
/// ``EWSSimulator/itemID(of:)``).
public struct SimulatedMessage: Sendable, Hashable {
    /// The mailbox the message lives in.
    public let mailbox: String
    let key: Int
}

/// A folder named in the simulator's control API: by well-known name or by EWS FolderId.
public enum SimulatedFolder: Sendable, Hashable {
    /// A `DistinguishedFolderId` name: `msgfolderroot`, `inbox`, `sentitems`, `deleteditems`, `drafts`, …
    case distinguished(String)
    /// A `FolderId` as the simulator issued it.
    case id(String)

    public static let root = SimulatedFolder.distinguished("root")
    public static let msgFolderRoot = SimulatedFolder.distinguished("msgfolderroot")
    public static let inbox = SimulatedFolder.distinguished("inbox")
    public static let sentItems = SimulatedFolder.distinguished("sentitems")
    public static let deletedItems = SimulatedFolder.distinguished("deleteditems")
}

/// What GetItem answers for one item instead of the item ("ResponseCode": per-item errors).
public enum SimulatedItemFailure: String, Sendable, Hashable, CaseIterable {
    case itemNotFound = "ErrorItemNotFound"
    case mimeContentConversionFailed = "ErrorMimeContentConversionFailed"
    case corruptData = "ErrorCorruptData"
}

/// Why a control call, or starting the server, was refused.
public struct EWSSimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
        case unknownMailbox
        case unknownFolder
        case unknownMessage
        case notAllowed
        case alreadyStarted
        case invalidConfiguration
    }

    let code: Code
    /// Details for a developer; may name a mailbox.
    public let detail: String

    public var description: String {
        switch code {
        case .unknownMailbox: "unknown mailbox"
        case .unknownFolder: "unknown folder"
        case .unknownMessage: "unknown message"
        case .notAllowed: "not allowed"
        case .alreadyStarted: "already started"
        case .invalidConfiguration: "invalid configuration"
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Whether two errors have the same cause, whatever their details.
    public func isSameKind(as other: EWSSimulatorError) -> Bool { code == other.code }

    public static let unknownMailbox = EWSSimulatorError(code: .unknownMailbox, detail: "")
    public static let unknownFolder = EWSSimulatorError(code: .unknownFolder, detail: "")
    public static let unknownMessage = EWSSimulatorError(code: .unknownMessage, detail: "")
    public static let notAllowed = EWSSimulatorError(code: .notAllowed, detail: "")
    public static let invalidConfiguration = EWSSimulatorError(code: .invalidConfiguration, detail: "")
}
