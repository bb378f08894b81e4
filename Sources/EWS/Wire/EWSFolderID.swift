/// An EWS folder identifier (`<t:FolderId Id="…" ChangeKey="…"/>`). Folder ids survive moves and renames.
public struct EWSFolderID: Hashable, Sendable {
    /// The `Id` attribute, exactly as the server sent it.
    public var id: String
    /// The `ChangeKey` attribute, which changes whenever the folder's properties change. `nil` when absent.
    public var changeKey: String?

    public init(id: String, changeKey: String? = nil) {
        self.id = id
        self.changeKey = changeKey
    }
}
