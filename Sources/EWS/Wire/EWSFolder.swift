/// A folder as EWS lists it (SyncFolderHierarchy, GetFolder, FindFolder).
public struct EWSFolder: Sendable, Hashable {
    /// Which folder element the server used; mail lives in ``EWSFolderKind/folder`` folders of class `IPF.Note`.
    public var kind: EWSFolderKind
    public var id: EWSFolderID
    public var parentID: EWSFolderID?
    public var displayName: String?
    /// `IPF.Note` for mail, `IPF.Appointment`, `IPF.Contact`, `IPF.Task`, …; absent on some system folders.
    public var folderClass: String?
    /// Items in the folder, when asked for (`folder:TotalCount`).
    public var totalCount: Int?
    /// Unread items in the folder, when asked for (`folder:UnreadCount`).
    public var unreadCount: Int?

    public init(
        kind: EWSFolderKind,
        id: EWSFolderID,
        parentID: EWSFolderID? = nil,
        displayName: String? = nil,
        folderClass: String? = nil,
        totalCount: Int? = nil,
        unreadCount: Int? = nil
    ) {
        self.kind = kind
        self.id = id
        self.parentID = parentID
        self.displayName = displayName
        self.folderClass = folderClass
        self.totalCount = totalCount
        self.unreadCount = unreadCount
    }
}

/// The element a folder came in (`BaseFolderType` substitutions).
public enum EWSFolderKind: String, Sendable, Hashable, CaseIterable {
    case folder = "Folder"
    case calendarFolder = "CalendarFolder"
    case contactsFolder = "ContactsFolder"
    case searchFolder = "SearchFolder"
    case tasksFolder = "TasksFolder"
}

/// One entry of a SyncFolderHierarchy page ("Changes (Hierarchy)").
public enum EWSFolderChange: Sendable, Hashable {
    case create(EWSFolder)
    case update(EWSFolder)
    case delete(EWSFolderID)

    /// The folder the change is about.
    public var folderID: EWSFolderID {
        switch self {
        case .create(let folder), .update(let folder): folder.id
        case .delete(let id): id
        }
    }
}
