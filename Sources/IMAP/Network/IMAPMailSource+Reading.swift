import Domain
import Foundation

/// One folder's pass: `IMAPPassPlanner` decides, this carries it out over the connection and builds the pages.
extension IMAPMailSource {
    func readChanges(in folder: MailFolder, since cursorText: String?, startTimestamp: Date?,
                     yield: (FolderChangePage) async throws -> Void) async throws {
        let client = try await connected()
        let saved = IMAPFolderCursor(cursorText)
        let planner = IMAPPassPlanner(condStore: await client.capabilities.contains(.condStore),
                                      qResync: await client.qresyncEnabled)
        let listed = listedStatuses.take(folder.serverID, maxAge: listedStatusLifetime)
        let resync: QResyncParameters?
        switch planner.opening(listed: listed, cursor: saved) {
        case .skip(let status):
            statistics.listedUnchanged += 1
            observed[folder.serverID] = ObservedFolder(status)
            return
        case .examine(let parameters):
            resync = parameters
        }
        let selected = try await client.examine(folder.serverID, resync: resync)
        observed[folder.serverID] = ObservedFolder(selected)
        let plan = planner.plan(opened: selected, resync: resync, cursor: saved)
        var resets = plan.resets
        var known = plan.base?.knownUIDs ?? []
        var lastUID = plan.base?.lastUID ?? 0
        var changes: [FolderChange] = []
        var wanted: [UInt32] = []
        let reconciled: ReconciledUIDs?
        switch plan.listing {
        case .unchanged:
            statistics.unchanged += 1
            reconciled = nil
        case .vanished(let searchFrom):
            var found: [UInt32] = []
            if let searchFrom { found = try await client.searchUIDs(from: searchFrom) }
            if let quick = IMAPPassPlanner.resynchronized(known: known, opened: selected, found: found) {
                statistics.quickResyncs += 1
                reconciled = quick
            } else {
                reconciled = try await listEveryUID(client: client, opened: selected, known: known)
            }
        case .everyUID:
            reconciled = try await listEveryUID(client: client, opened: selected, known: known)
        }
        if let reconciled {
            changes = reconciled.removed.map { .removed(serverID: String($0)) }
            known = reconciled.kept
            wanted = reconciled.wanted
        }
        // Without mod-sequences, the known UIDs with `\Seen`, compared at each pass with the cursor's; nil with them.
        var seen: Set<UInt32>? = plan.tracksSeen ? [] : nil
        switch planner.readStates(opened: selected, plan: plan, known: known) {
        case .none:
            break
        case .search(let asksSeen):
            statistics.readStateSearches += 1
            let answer = Set(try await client.searchUIDs(seen: asksSeen))
            let now = asksSeen ? answer.intersection(known) : known.subtracting(answer)
            for (uid, isRead) in IMAPFolderCursor.readStateChanges(known: known, before: plan.base?.seenUIDs,
                                                                   now: now) {
                changes.append(.readState(serverID: String(uid), isRead: isRead))
            }
            seen = now
        case .changedSince(let modSeq):
            // Flags that changed since the last pass, for the messages still here (`known` has lost the removed
            // ones; a new message's state comes with its content).
            statistics.readStateFetches += 1
            for (uid, isRead) in try await client.readStates(of: known.sorted(), changedSince: modSeq)
                .sorted(by: { $0.key < $1.key }) {
                changes.append(.readState(serverID: String(uid), isRead: isRead))
            }
        }
        if let startTimestamp, !wanted.isEmpty {
            // SINCE has day granularity (RFC 3501 §6.4.4): it narrows the download, the engine checks the instant.
            let recent = Set(try await client.searchUIDs(since: startTimestamp.addingTimeInterval(-86_400)))
            let skipped = wanted.filter { !recent.contains($0) }
            // Known, so never fetched; `lastUID` stays the highest fetched UID, so an interrupted pass resumes
            // with every wanted UID above it.
            known.formUnion(skipped)
            wanted = wanted.filter(recent.contains)
        }
        func page() -> FolderChangePage {
            let next = IMAPFolderCursor(uidValidity: selected.uidValidity, lastUID: lastUID,
                                        known: IMAPFolderCursor.format(known), highestModSeq: selected.highestModSeq,
                                        uidNext: selected.uidNext, seen: seen.map(IMAPFolderCursor.format))
            defer { resets = false }
            return FolderChangePage(changes: changes, cursor: next.text, resetsFolder: resets)
        }
        var start = 0
        while start < wanted.count {
            try Task.checkCancellation()
            let chunk = Array(wanted[start..<min(start + pageSize, wanted.count)])
            start += chunk.count
            let fetched = try await client.fetchMessages(uids: chunk)
            statistics.pagesFetched += 1
            for uid in chunk {
                if let message = fetched[uid] {
                    changes.append(.upsert(serverID: String(uid), raw: message.body, receivedAt: message.internalDate,
                                           isRead: message.isRead))
                    if message.isRead == true { seen?.insert(uid) }
                } else {
                    // Deleted between SEARCH and FETCH, or unreadable: the next pass sees which.
                    changes.append(.failed(serverID: String(uid), reason: "the server returned no content"))
                }
                known.insert(uid)
            }
            lastUID = max(lastUID, chunk.max() ?? lastUID)
            try await yield(page())
            changes.removeAll(keepingCapacity: true)
        }
        if wanted.isEmpty || !changes.isEmpty { try await yield(page()) }
    }

    /// Every UID of the folder (`UID SEARCH ALL`, nothing to ask of an empty one): removals are the known UIDs
    /// that are gone (works on every server).
    private func listEveryUID(client: IMAPClient, opened: IMAPClient.Selected,
                              known: Set<UInt32>) async throws -> ReconciledUIDs {
        statistics.fullListings += 1
        let present = opened.exists == 0 ? [] : try await client.searchAllUIDs()
        return IMAPPassPlanner.listed(known: known, present: present)
    }
}
