import Foundation

/// Listings (`$top`, `$skip`, `@odata.nextLink`) and delta rounds.
extension GraphReader {
    static let listOptions: Set<String> = ["$select", "$top", "$skip", "$count", "$expand", "$filter", "$orderby"]
    static let deltaOptions: Set<String> = [
        "$select", "$top", "$expand", "$filter", "$orderby", "$skiptoken",
        "$deltatoken",
    ]

    func folderList(_ mailbox: MailboxRecord, parent: Int, path: String) -> Result<GraphAnswer, GraphError> {
        if let option = options.unsupportedSystemOption(allowed: Self.listOptions) {
            return .failure(.unsupportedQueryOption(option))
        }
        let includeHidden = options["includeHiddenFolders"]?.lowercased() == "true"
        var folders = mailbox.children(of: parent, includeHidden: includeHidden)
        if let filter = options["$filter"] {
            // The one filter folder lookups use: displayName eq 'Name'.
            let prefix = "displayname eq "
            guard filter.lowercased().hasPrefix(prefix) else {
                return .failure(GraphError(400, "ErrorInvalidUrlQueryFilter", "The query filter isn't supported."))
            }
            let name = filter.dropFirst(prefix.count).trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            folders = folders.filter { $0.displayName == name }
        }
        return folderSelect().flatMap { select in
            page(of: folders.count, path: path, select: select).map { window, next in
                var members: [(String, JSONValue)] = [
                    ("@odata.context", .string("\(context.metadata)#\(context.contextUser)/\(path)"))
                ]
                if options["$count"]?.lowercased() == "true" { members.append(("@odata.count", .int(folders.count))) }
                if let next { members.append(("@odata.nextLink", .string(next))) }
                members.append(
                    (
                        "value",
                        .array(
                            folders[window].map {
                                FolderJSON.render($0, in: mailbox, select: select)
                            })
                    ))
                return .json(.object(members))
            }
        }
    }

    func messageList(
        _ mailbox: MailboxRecord, messages all: [MessageRecord],
        path: String
    ) -> Result<GraphAnswer, GraphError> {
        if let option = options.unsupportedSystemOption(allowed: Self.listOptions) {
            return .failure(.unsupportedQueryOption(option))
        }
        let filter: (DeltaOptions.Comparison, Date)?
        switch options.receivedDateTimeFilter() {
        case .success(let value): filter = value
        case .failure(let error): return .failure(GraphError(400, error.code, error.message))
        }
        let window = DeltaOptions(receivedAfter: filter)
        // Graph lists a folder's messages newest first.
        let messages = all.filter { window.admits(received: $0.receivedDateTime) }
            .sorted { ($0.receivedDateTime, $0.key) > ($1.receivedDateTime, $1.key) }
        return messageSelect().flatMap { select in
            page(of: messages.count, path: path, select: select).map { range, next in
                var members: [(String, JSONValue)] = [
                    ("@odata.context", .string("\(context.metadata)#\(context.contextUser)/\(path)"))
                ]
                if let next { members.append(("@odata.nextLink", .string(next))) }
                members.append(
                    (
                        "value",
                        .array(
                            messages[range].map { message in
                                MessageJSON.render(
                                    message, folderID: mailbox.folders[message.folderKey]?.id ?? "",
                                    select: select, context: context, odataType: false)
                            })
                    ))
                return .json(.object(members), headers: preferenceApplied(pageSize: false))
            }
        }
    }

    /// The window of a listing and the link to the next one: `$top` (default 10) from `$skip`.
    private func page(of count: Int, path: String, select: [String]?) -> Result<(Range<Int>, String?), GraphError> {
        let top: Int
        let skip: Int
        switch (options.integer("$top"), options.integer("$skip")) {
        case (.success(let topValue), .success(let skipValue)):
            top = min(topValue ?? ticket.pageSize, 1000)
            skip = skipValue ?? 0
        case (.failure(let error), _), (_, .failure(let error)):
            return .failure(GraphError(400, error.code, error.message))
        }
        let start = min(skip, count)
        let end = min(start + top, count)
        guard end < count else { return .success((start..<end, nil)) }
        var query = options.pairs.filter { !["$skip", "$top"].contains($0.name.lowercased()) }
            .map { "\(Self.encodeQuery($0.name))=\(Self.encodeQuery($0.value))" }
        if options["$top"] != nil { query.append("%24top=\(top)") }
        query.append("%24skip=\(end)")
        return .success((start..<end, "\(userPath)/\(path)?\(query.joined(separator: "&"))"))
    }

    static func encodeQuery(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~,'():")))
            ?? text
    }

    func folderDelta(_ mailbox: MailboxRecord) -> Result<GraphAnswer, GraphError> {
        if let option = options.unsupportedSystemOption(allowed: ["$select", "$top", "$skiptoken", "$deltatoken"]) {
            return .failure(.unsupportedQueryOption(option))
        }
        return folderSelect().flatMap { select in
            deltaRequest(select: select, filter: nil, newestFirst: false).flatMap { request in
                let page: DeltaPage<FolderRecord>
                do throws(DeltaRefusal) {
                    page = try FolderDelta.page(request, mailbox: mailbox, sequence: state.store.sequence)
                } catch {
                    return .failure(error == .stale ? .syncStateNotFound : .syncStateInvalid)
                }
                let selected = page.skipToken?.options.select ?? page.deltaToken?.options.select
                let canonical = selected.flatMap { try? FolderJSON.canonical($0).get() }
                let items: [JSONValue] = page.entries.map { entry in
                    switch entry {
                    case .item(let folder): FolderJSON.render(folder, in: mailbox, select: canonical)
                    case .removed(let id, let reason):
                        .object([("id", .string(id)), ("@removed", .object([("reason", .string(reason.rawValue))]))])
                    }
                }
                return .success(
                    deltaAnswer(items, page: page, type: "mailFolder", link: "\(userPath)/mailFolders/delta"))
            }
        }
    }

    func messageDelta(
        _ mailbox: MailboxRecord, folder: FolderRecord,
        folderSegment: String
    ) -> Result<GraphAnswer, GraphError> {
        if let option = options.unsupportedSystemOption(allowed: Self.deltaOptions) {
            return .failure(.unsupportedQueryOption(option))
        }
        if let changeType = options["changeType"], !["created", "updated", "deleted"].contains(changeType) {
            return .failure(
                GraphError(
                    400, "ErrorInvalidUrlQuery",
                    "The value '\(changeType)' of the changeType "
                        + "query option is not valid."))
        }
        let filter: (DeltaOptions.Comparison, Date)?
        let newestFirst: Bool
        switch (options.receivedDateTimeFilter(), options.newestFirstOrder()) {
        case (.success(let value), .success(let order)):
            filter = value
            newestFirst = order
        case (.failure(let error), _), (_, .failure(let error)):
            return .failure(GraphError(400, error.code, error.message))
        }
        return messageSelect().flatMap { select in
            deltaRequest(select: select, filter: filter, newestFirst: newestFirst).flatMap { request in
                let page: DeltaPage<MessageRecord>
                do throws(DeltaRefusal) {
                    page = try MessageDelta.page(
                        request, mailbox: mailbox, folder: folder,
                        sequence: state.store.sequence, immutableIDs: context.immutableIDs)
                } catch {
                    if error == .stale, case .skip = request.token, let answer = folder.staleSkipTokenAnswer {
                        return .failure(answer.error)
                    }
                    return .failure(error == .stale ? .syncStateNotFound : .syncStateInvalid)
                }
                let selected = page.skipToken?.options.select ?? page.deltaToken?.options.select
                let canonical = selected.flatMap { try? MessageJSON.canonical($0).get() }
                let items: [JSONValue] = page.entries.map { entry in
                    switch entry {
                    case .item(let message):
                        MessageJSON.render(
                            message, folderID: folder.id, select: canonical, context: context,
                            odataType: true)
                    case .removed(let id, let reason):
                        .object([
                            ("@odata.type", .string("#microsoft.graph.message")), ("id", .string(id)),
                            ("@removed", .object([("reason", .string(reason.rawValue))])),
                        ])
                    }
                }
                let link = "\(userPath)/mailFolders('\(Self.encode(folderSegment))')/messages/delta"
                return .success(deltaAnswer(items, page: page, type: "message", link: link))
            }
        }
    }

    private func deltaRequest(
        select: [String]?, filter: (DeltaOptions.Comparison, Date)?,
        newestFirst: Bool
    ) -> Result<DeltaRequest, GraphError> {
        let token: DeltaRequest.Token
        if let skip = options["$skiptoken"] {
            token = .skip(skip)
        } else if let delta = options["$deltatoken"] {
            token = .delta(delta)
        } else {
            token = .none
        }
        let top: Int?
        switch options.integer("$top") {
        case .success(let value): top = value
        case .failure(let error): return .failure(GraphError(400, error.code, error.message))
        }
        let deltaOptions = DeltaOptions(
            select: select, receivedAfter: filter, newestFirst: newestFirst,
            changeType: options["changeType"], top: top.map { max(1, min($0, 1000)) })
        return .success(DeltaRequest(token: token, options: deltaOptions, pageSize: ticket.pageSize))
    }

    private func deltaAnswer<Item>(
        _ items: [JSONValue], page: DeltaPage<Item>, type: String,
        link: String
    ) -> GraphAnswer {
        var members: [(String, JSONValue)] = [("@odata.context", .string("\(context.metadata)#Collection(\(type))"))]
        if let skip = page.skipToken {
            members.append(("@odata.nextLink", .string("\(link)?$skiptoken=\(skip.encoded)")))
        }
        if let delta = page.deltaToken {
            members.append(("@odata.deltaLink", .string("\(link)?$deltatoken=\(delta.encoded)")))
        }
        members.append(("value", .array(items)))
        return .json(.object(members), headers: preferenceApplied(pageSize: true))
    }
}
