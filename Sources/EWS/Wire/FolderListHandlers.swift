/// Reads `GetFolderResponseMessage`s, one per requested folder.
///
/// Reference: learn.microsoft.com "GetFolder operation".
struct GetFolderHandler: ResponseMessageHandler {
    static let responseElement = "GetFolderResponse"
    static let messageElement = "GetFolderResponseMessage"

    private var folders: [EWSFolder] = []
    private var folder: FolderBuilder?

    mutating func didStart(_ path: ElementPath, attributes: [String: String]) -> TextCapture {
        if path.matches("Folders", "*") {
            folder = FolderBuilder(element: path.name)
        } else if path.matches("Folders", "*", "*") {
            return folder?.didStart(child: path.name, attributes: attributes) ?? .none
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError) {
        if path.matches("Folders", "*", "*") {
            folder?.didEnd(child: path.name, value: value)
        } else if path.matches("Folders", "*"), let folder {
            folders.append(try folder.build())
            self.folder = nil
        }
    }

    mutating func finish(status: EWSResponseStatus) -> EWSGetFolderResponse {
        defer { self = Self() }
        return EWSGetFolderResponse(status: status, folders: folders)
    }
}

/// Reads `FindFolderResponseMessage`s: one page of folders under `RootFolder`, with its paging attributes.
///
/// Reference: learn.microsoft.com "FindFolder operation", "RootFolder (FindFolderResponseMessage)".
struct FindFolderHandler: ResponseMessageHandler {
    static let responseElement = "FindFolderResponse"
    static let messageElement = "FindFolderResponseMessage"

    private var folders: [EWSFolder] = []
    private var folder: FolderBuilder?
    private var includesLastItemInRange = true
    private var nextOffset: Int?
    private var totalItemsInView: Int?

    mutating func didStart(_ path: ElementPath, attributes: [String: String]) throws(EWSParseError) -> TextCapture {
        if path.matches("RootFolder") {
            if let last = attributes["IncludesLastItemInRange"] {
                includesLastItemInRange = try XSValue.requiredBoolean(last, element: "IncludesLastItemInRange")
            }
            nextOffset = XSValue.integer(attributes["IndexedPagingOffset"])
            totalItemsInView = XSValue.integer(attributes["TotalItemsInView"])
        } else if path.matches("RootFolder", "Folders", "*") {
            folder = FolderBuilder(element: path.name)
        } else if path.matches("RootFolder", "Folders", "*", "*") {
            return folder?.didStart(child: path.name, attributes: attributes) ?? .none
        }
        return .none
    }

    mutating func didEnd(_ path: ElementPath, value: CapturedValue?) throws(EWSParseError) {
        if path.matches("RootFolder", "Folders", "*", "*") {
            folder?.didEnd(child: path.name, value: value)
        } else if path.matches("RootFolder", "Folders", "*"), let folder {
            folders.append(try folder.build())
            self.folder = nil
        }
    }

    mutating func finish(status: EWSResponseStatus) -> EWSFindFolderResponse {
        defer { self = Self() }
        return EWSFindFolderResponse(
            status: status,
            folders: folders,
            includesLastItemInRange: includesLastItemInRange,
            nextOffset: nextOffset,
            totalItemsInView: totalItemsInView
        )
    }
}
