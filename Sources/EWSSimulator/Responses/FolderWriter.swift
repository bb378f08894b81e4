/// Writes a folder element (`t:Folder`, `t:CalendarFolder`, …) with the properties of a ``FolderShape``, in the
/// schema's order (FolderId, ParentFolderId, FolderClass, DisplayName, TotalCount, ChildFolderCount, UnreadCount).
enum FolderWriter {
    static func elementName(_ folder: FolderRecord) -> String {
        switch folder.folderClass {
        case "IPF.Appointment": "t:CalendarFolder"
        case "IPF.Contact": "t:ContactsFolder"
        case "IPF.Task": "t:TasksFolder"
        default: "t:Folder"
        }
    }

    static func write(_ folder: FolderRecord, mailbox: MailboxRecord, shape: FolderShape, into output: inout XMLOutput)
    {
        output.element(elementName(folder)) { output in
            output.empty("t:FolderId", [("Id", folder.id), ("ChangeKey", folder.changeKey)])
            if shape.includes("folder:ParentFolderId"), let parentKey = folder.parentKey,
                let parent = mailbox.folders[parentKey]
            {
                output.empty("t:ParentFolderId", [("Id", parent.id), ("ChangeKey", parent.changeKey)])
            }
            if shape.includes("folder:FolderClass"), let folderClass = folder.folderClass {
                output.element("t:FolderClass", text: folderClass)
            }
            if shape.includes("folder:DisplayName") {
                output.element("t:DisplayName", text: folder.displayName)
            }
            let items = mailbox.items(in: folder.key)
            if shape.includes("folder:TotalCount") {
                output.element("t:TotalCount", text: String(items.count))
            }
            if shape.includes("folder:ChildFolderCount") {
                output.element(
                    "t:ChildFolderCount", text: String(mailbox.descendants(of: folder.key, deep: false).count))
            }
            if shape.includes("folder:UnreadCount") {
                output.element("t:UnreadCount", text: String(items.filter { !$0.isRead }.count))
            }
        }
    }
}
