/// One entry of a SyncFolderItems page ("Changes (Items)"). Since Exchange 2010 SP2 pages list changes
/// newest first.
public enum EWSItemChange: Sendable, Hashable {
    case create(EWSChangedItem)
    case update(EWSChangedItem)
    case delete(EWSItemID)
    /// Only the read flag changed: no GetItem needed.
    case readFlagChange(EWSItemID, isRead: Bool)

    /// The item the change is about.
    public var itemID: EWSItemID {
        switch self {
        case .create(let item), .update(let item): item.id
        case .delete(let id), .readFlagChange(let id, _): id
        }
    }
}

/// A created or updated item as the `IdOnly` shape returns it.
public struct EWSChangedItem: Sendable, Hashable {
    public var id: EWSItemID
    /// The item element's name: `Message`, `MeetingRequest`, `MeetingResponse`, `MeetingCancellation`, `Item`,
    /// `CalendarItem`, `PostItem`, `Contact`, `Task`, …
    public var itemType: String

    public init(id: EWSItemID, itemType: String) {
        self.id = id
        self.itemType = itemType
    }
}
