/// Collects one folder element (`Folder`, `CalendarFolder`, …) from its children, for every operation that
/// lists folders. Reference: learn.microsoft.com "Folder", "FolderId", "ParentFolderId", "FolderClass",
/// "TotalCount", "UnreadCount".
struct FolderBuilder {
    private let kind: EWSFolderKind
    private var id: EWSFolderID?
    private var parentID: EWSFolderID?
    private var displayName: String?
    private var folderClass: String?
    private var totalCount: Int?
    private var unreadCount: Int?

    /// `element` is the folder element's name; a name this module does not know is read as a plain folder, since
    /// ``EWSFolder/folderClass`` says what it holds.
    init(element: String) {
        kind = EWSFolderKind(rawValue: element) ?? .folder
    }

    /// A direct child of the folder element opened.
    mutating func didStart(child: String, attributes: [String: String]) -> TextCapture {
        switch child {
        case "FolderId": id = EWSFolderID(attributes: attributes)
        case "ParentFolderId": parentID = EWSFolderID(attributes: attributes)
        case "DisplayName", "FolderClass", "TotalCount", "UnreadCount": return .text
        default: break
        }
        return .none
    }

    /// A direct child of the folder element closed.
    mutating func didEnd(child: String, value: CapturedValue?) {
        switch child {
        case "DisplayName": displayName = value?.text
        case "FolderClass": folderClass = value?.text
        case "TotalCount": totalCount = XSValue.integer(value?.text)
        case "UnreadCount": unreadCount = XSValue.integer(value?.text)
        default: break
        }
    }

    func build() throws(EWSParseError) -> EWSFolder {
        guard let id else { throw .missing("FolderId") }
        return EWSFolder(kind: kind, id: id, parentID: parentID, displayName: displayName, folderClass: folderClass,
                         totalCount: totalCount, unreadCount: unreadCount)
    }
}
