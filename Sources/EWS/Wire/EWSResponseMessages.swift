/// One `SyncFolderHierarchyResponseMessage`.
public struct EWSSyncFolderHierarchyResponse: Sendable, Hashable {
    public var status: EWSResponseStatus
    /// The state to send next time; persist it only after applying ``changes``. `nil` or empty on errors.
    public var syncState: String?
    /// `false` means more changes are waiting: call again at once with the new state.
    public var includesLastFolderInRange: Bool
    public var changes: [EWSFolderChange]

    public init(
        status: EWSResponseStatus,
        syncState: String? = nil,
        includesLastFolderInRange: Bool,
        changes: [EWSFolderChange] = []
    ) {
        self.status = status
        self.syncState = syncState
        self.includesLastFolderInRange = includesLastFolderInRange
        self.changes = changes
    }
}

/// One `SyncFolderItemsResponseMessage`.
public struct EWSSyncFolderItemsResponse: Sendable, Hashable {
    public var status: EWSResponseStatus
    /// The state to send next time; persist it only after applying ``changes``. `nil` or empty on errors.
    public var syncState: String?
    /// `false` means more changes are waiting: call again at once with the new state.
    public var includesLastItemInRange: Bool
    public var changes: [EWSItemChange]

    public init(
        status: EWSResponseStatus,
        syncState: String? = nil,
        includesLastItemInRange: Bool,
        changes: [EWSItemChange] = []
    ) {
        self.status = status
        self.syncState = syncState
        self.includesLastItemInRange = includesLastItemInRange
        self.changes = changes
    }
}

/// One `GetItemResponseMessage`: the outcome for one requested id, in request order.
public struct EWSGetItemResponse: Sendable, Hashable {
    public var status: EWSResponseStatus
    /// The item, present on success (and on some warnings).
    public var item: EWSItem?

    public init(
        status: EWSResponseStatus,
        item: EWSItem? = nil
    ) {
        self.status = status
        self.item = item
    }
}

/// One `GetFolderResponseMessage`: the outcome for one requested folder, in request order.
public struct EWSGetFolderResponse: Sendable, Hashable {
    public var status: EWSResponseStatus
    public var folders: [EWSFolder]

    public init(
        status: EWSResponseStatus,
        folders: [EWSFolder] = []
    ) {
        self.status = status
        self.folders = folders
    }
}

/// One `FindFolderResponseMessage`: one page of the folder listing.
public struct EWSFindFolderResponse: Sendable, Hashable {
    public var status: EWSResponseStatus
    public var folders: [EWSFolder]
    /// `RootFolder IncludesLastItemInRange`: `false` means request the next page from ``nextOffset``.
    public var includesLastItemInRange: Bool
    /// `RootFolder IndexedPagingOffset`: where the next page starts.
    public var nextOffset: Int?
    /// `RootFolder TotalItemsInView`: how many folders the whole listing has.
    public var totalItemsInView: Int?

    public init(
        status: EWSResponseStatus,
        folders: [EWSFolder] = [],
        includesLastItemInRange: Bool,
        nextOffset: Int? = nil,
        totalItemsInView: Int? = nil
    ) {
        self.status = status
        self.folders = folders
        self.includesLastItemInRange = includesLastItemInRange
        self.nextOffset = nextOffset
        self.totalItemsInView = totalItemsInView
    }
}

/// One `GetAttachmentResponseMessage`: the outcome for one requested attachment, in request order.
public struct EWSGetAttachmentResponse: Sendable, Hashable {
    public var status: EWSResponseStatus
    public var attachments: [EWSAttachment]

    public init(
        status: EWSResponseStatus,
        attachments: [EWSAttachment] = []
    ) {
        self.status = status
        self.attachments = attachments
    }
}
