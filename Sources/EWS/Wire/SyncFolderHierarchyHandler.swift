/// Reads `SyncFolderHierarchyResponseMessage`s.
///
/// Reference: learn.microsoft.com "SyncFolderHierarchy operation", "Changes (Hierarchy)". Changes are matched
/// by exact path (`Changes` › `Create` › `Folder` › …), so a folder's `EffectiveRights` › `Delete` is not
/// taken for a deletion.
struct SyncFolderHierarchyHandler: ResponseMessageHandler {
    static let responseElement = "SyncFolderHierarchyResponse"
    static let messageElement = "SyncFolderHierarchyResponseMessage"

    private var syncState: String?
    private var includesLastFolderInRange: Bool?
    private var changes: [EWSFolderChange] = []
    private var folder: FolderBuilder?
    private var deletedID: EWSFolderID?

    mutating func didStart(_ path: ElementPath, attributes: [String: String]) -> TextCapture {
        if path.matches("SyncState") || path.matches("IncludesLastFolderInRange") { return .text }
        if path.matches("Changes", "*") {
            folder = nil
            deletedID = nil
        } else if path.matches("Changes", "Delete", "FolderId") {
            deletedID = EWSFolderID(attributes: attributes)
        } else if path.matches("Changes", "*", "*"), path[1] != "Delete" {
            folder = FolderBuilder(element: path.name)
        } else if path.matches("Changes", "*", "*", "*"), path[1] != "Delete" {
            return folder?.didStart(child: path.name, attributes: attributes) ?? .none
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError) {
        if path.matches("SyncState") {
            syncState = value?.text
        } else if path.matches("IncludesLastFolderInRange") {
            includesLastFolderInRange = try XSValue.requiredBoolean(value?.text, element: path.name)
        } else if path.matches("Changes", "*", "*", "*"), path[1] != "Delete" {
            folder?.didEnd(child: path.name, value: value)
        } else if path.matches("Changes", "*") {
            switch path.name {
            case "Create", "Update":
                guard let folder else { throw .missing("Folder") }
                let built = try folder.build()
                changes.append(path.name == "Create" ? .create(built) : .update(built))
            case "Delete":
                guard let deletedID else { throw .missing("FolderId") }
                changes.append(.delete(deletedID))
            default:
                break
            }
        }
    }

    /// An error message may leave out `IncludesLastFolderInRange`; there is nothing more to fetch then.
    mutating func finish(status: EWSResponseStatus) throws(EWSParseError) -> EWSSyncFolderHierarchyResponse {
        defer { self = Self() }
        guard let includesLastFolderInRange = includesLastFolderInRange ?? (status.isSuccess ? nil : true) else {
            throw .missing("IncludesLastFolderInRange")
        }
        return EWSSyncFolderHierarchyResponse(
            status: status,
            syncState: syncState,
            includesLastFolderInRange: includesLastFolderInRange,
            changes: changes
        )
    }
}
