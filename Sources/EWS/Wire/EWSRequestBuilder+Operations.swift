extension EWSRequestBuilder {
    /// `SyncFolderHierarchy` of the mailbox's `msgfolderroot`: ids plus display name, parent and folder class
    /// of every created or updated folder. Omit `syncState` (or pass `""`) for the first call.
    ///
    /// Reference: learn.microsoft.com "SyncFolderHierarchy operation"; "Synchronize folders by using EWS".
    public func syncFolderHierarchy(syncState: String?) -> EWSRequest {
        request(.syncFolderHierarchy) { writer in
            writer.element("m:SyncFolderHierarchy") { writer in
                writeFolderShape(into: &writer)
                writer.element("m:SyncFolderId") { writeFolder(.distinguished(.msgfolderroot), into: &$0) }
                if let syncState, !syncState.isEmpty {
                    writer.element("m:SyncState", text: syncState)
                }
            }
        }
    }

    /// `SyncFolderItems` of one folder with the `IdOnly` shape, at most `maxChangesReturned` changes a page.
    /// Omit `syncState` (or pass `""`) for the first call.
    ///
    /// Reference: learn.microsoft.com "SyncFolderItems operation", "MaxChangesReturned".
    /// - Throws: ``EWSRequestError/valueOutOfRange`` unless `maxChangesReturned` is within 1…512.
    public func syncFolderItems(
        folder: EWSFolderReference,
        syncState: String?,
        maxChangesReturned: Int = 512
    ) throws(EWSRequestError) -> EWSRequest {
        guard (1...512).contains(maxChangesReturned) else { throw .outOfRange("MaxChangesReturned") }
        return request(.syncFolderItems) { writer in
            writer.element("m:SyncFolderItems") { writer in
                writer.element("m:ItemShape") { $0.element("t:BaseShape", text: "IdOnly") }
                writer.element("m:SyncFolderId") { writeFolder(folder, into: &$0) }
                if let syncState, !syncState.isEmpty {
                    writer.element("m:SyncState", text: syncState)
                }
                writer.element("m:MaxChangesReturned", text: String(maxChangesReturned))
                writer.element("m:SyncScope", text: "NormalItems")
            }
        }
    }

    /// `GetItem` for a batch of items with the `IdOnly` shape plus `properties`. Microsoft suggests batches of
    /// about ten when MIME content is included.
    ///
    /// Reference: learn.microsoft.com "GetItem operation (email message)".
    /// - Throws: ``EWSRequestError/emptyIDList`` when `ids` is empty.
    public func getItems(
        _ ids: [EWSItemID],
        properties: EWSItemProperties = .sync
    ) throws(EWSRequestError) -> EWSRequest {
        guard !ids.isEmpty else { throw .empty("ItemIds") }
        return request(.getItem) { writer in
            writer.element("m:GetItem") { writer in
                writer.element("m:ItemShape") { writer in
                    writer.element("t:BaseShape", text: "IdOnly")
                    let uris = properties.fieldURIs
                    if !uris.isEmpty {
                        writer.element("t:AdditionalProperties") { writer in
                            for uri in uris { writer.emptyElement("t:FieldURI", [("FieldURI", uri)]) }
                        }
                    }
                }
                writer.element("m:ItemIds") { writer in
                    for id in ids { writer.emptyElement("t:ItemId", Self.idAttributes(id.id, id.changeKey)) }
                }
            }
        }
    }

    /// `GetFolder` for folders named by id or well-known name, returning display name, parent and class, and with
    /// `counts` TotalCount and UnreadCount (a cheap look at whether folders changed).
    ///
    /// Reference: learn.microsoft.com "GetFolder operation".
    /// - Throws: ``EWSRequestError/emptyIDList`` when `folders` is empty.
    public func getFolders(_ folders: [EWSFolderReference], counts: Bool = false) throws(EWSRequestError)
        -> EWSRequest {
        guard !folders.isEmpty else { throw .empty("FolderIds") }
        return request(.getFolder) { writer in
            writer.element("m:GetFolder") { writer in
                writeFolderShape(into: &writer, counts: counts)
                writer.element("m:FolderIds") { writer in
                    for folder in folders { writeFolder(folder, into: &writer) }
                }
            }
        }
    }

    /// `FindFolder` with deep traversal under `msgfolderroot`: every folder of the mailbox in one listing, one
    /// page of at most `maxEntries` folders from `offset` (EWSFindCountLimit caps pages at 1000 by default).
    /// An alternative to SyncFolderHierarchy when no folder sync state is kept.
    ///
    /// Reference: learn.microsoft.com "FindFolder operation", "IndexedPageFolderView".
    /// - Throws: ``EWSRequestError/valueOutOfRange`` for a negative offset or `maxEntries` below 1.
    public func findFolders(offset: Int = 0, maxEntries: Int = 1000) throws(EWSRequestError) -> EWSRequest {
        guard offset >= 0 else { throw .outOfRange("Offset") }
        guard maxEntries >= 1 else { throw .outOfRange("MaxEntriesReturned") }
        return request(.findFolder) { writer in
            writer.element("m:FindFolder", [("Traversal", "Deep")]) { writer in
                writeFolderShape(into: &writer)
                writer.emptyElement("m:IndexedPageFolderView", [
                    ("MaxEntriesReturned", String(maxEntries)), ("Offset", String(offset)), ("BasePoint", "Beginning"),
                ])
                writer.element("m:ParentFolderIds") { writeFolder(.distinguished(.msgfolderroot), into: &$0) }
            }
        }
    }

    /// `GetAttachment` by attachment id. Item attachments come back with their MIME content.
    ///
    /// Reference: learn.microsoft.com "GetAttachment operation", "IncludeMimeContent".
    /// - Throws: ``EWSRequestError/emptyIDList`` when `ids` is empty.
    public func getAttachments(_ ids: [String]) throws(EWSRequestError) -> EWSRequest {
        guard !ids.isEmpty else { throw .empty("AttachmentIds") }
        return request(.getAttachment) { writer in
            writer.element("m:GetAttachment") { writer in
                writer.element("m:AttachmentShape") { $0.element("t:IncludeMimeContent", text: "true") }
                writer.element("m:AttachmentIds") { writer in
                    for id in ids { writer.emptyElement("t:AttachmentId", [("Id", id)]) }
                }
            }
        }
    }
}
