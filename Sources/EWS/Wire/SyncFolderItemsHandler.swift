/// Reads `SyncFolderItemsResponseMessage`s.
///
/// Reference: learn.microsoft.com "SyncFolderItems operation", "Changes (Items)", "ReadFlagChange",
/// "Delete (ItemSync)". With the `IdOnly` shape each created or updated item carries only its `ItemId`; any
/// other properties a richer shape returns are skipped.
struct SyncFolderItemsHandler: ResponseMessageHandler {
    static let responseElement = "SyncFolderItemsResponse"
    static let messageElement = "SyncFolderItemsResponseMessage"

    private var syncState: String?
    private var includesLastItemInRange: Bool?
    private var changes: [EWSItemChange] = []
    private var itemType: String?
    private var itemID: EWSItemID?
    private var isRead: Bool?

    mutating func didStart(_ path: ElementPath, attributes: [String: String]) -> TextCapture {
        if path.matches("SyncState") || path.matches("IncludesLastItemInRange") { return .text }
        guard path.count >= 2, path[0] == "Changes" else { return .none }
        let kind = path[1]
        if path.count == 2 {
            itemType = nil
            itemID = nil
            isRead = nil
        } else if kind == "Delete" || kind == "ReadFlagChange" {
            if path.matches("Changes", "*", "ItemId") { itemID = EWSItemID(attributes: attributes) }
            if path.matches("Changes", "ReadFlagChange", "IsRead") { return .text }
        } else if path.count == 3 {
            itemType = path.name
        } else if path.matches("Changes", "*", "*", "ItemId") {
            itemID = EWSItemID(attributes: attributes)
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError) {
        if path.matches("SyncState") {
            syncState = value?.text
        } else if path.matches("IncludesLastItemInRange") {
            includesLastItemInRange = try XSValue.requiredBoolean(value?.text, element: path.name)
        } else if path.matches("Changes", "ReadFlagChange", "IsRead") {
            isRead = try XSValue.requiredBoolean(value?.text, element: path.name)
        } else if path.matches("Changes", "*") {
            try appendChange(kind: path.name)
        }
    }

    private mutating func appendChange(kind: String) throws(EWSParseError) {
        let known = ["Create", "Update", "Delete", "ReadFlagChange"]
        guard known.contains(kind) else { return }
        guard let itemID else { throw .missing("ItemId") }
        switch kind {
        case "Create", "Update":
            guard let itemType else { throw .missing("Item") }
            let item = EWSChangedItem(id: itemID, itemType: itemType)
            changes.append(kind == "Create" ? .create(item) : .update(item))
        case "Delete":
            changes.append(.delete(itemID))
        default:
            guard let isRead else { throw .missing("IsRead") }
            changes.append(.readFlagChange(itemID, isRead: isRead))
        }
    }

    /// An error message may leave out `IncludesLastItemInRange`; there is nothing more to fetch then.
    mutating func finish(status: EWSResponseStatus) throws(EWSParseError) -> EWSSyncFolderItemsResponse {
        defer { self = Self() }
        guard let includesLastItemInRange = includesLastItemInRange ?? (status.isSuccess ? nil : true) else {
            throw .missing("IncludesLastItemInRange")
        }
        return EWSSyncFolderItemsResponse(
            status: status,
            syncState: syncState,
            includesLastItemInRange: includesLastItemInRange,
            changes: changes
        )
    }
}
