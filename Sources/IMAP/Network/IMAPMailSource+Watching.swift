import Domain
import Foundation

/// Waiting without NOTIFY: INBOX in IDLE on the main connection, a LIST-STATUS (or STATUS) look at the other
/// folders every `statusPollInterval`, and each of `settings.idleFolders` in IDLE on a connection of its own.
extension IMAPMailSource {
    /// Returns when the main connection's watch, or a folder watch, hears of a change, or at `timeout`; a change
    /// noted with the pass's commands ends it at once.
    func waitWithIdle(_ client: IMAPClient, folders: [MailFolder], timeout: Duration) async throws {
        let inbox = folders.first { $0.path.count == 1 && $0.path[0].uppercased() == "INBOX" }
        let watched = folders.filter { folder in
            folder != inbox && settings.idleFolders.contains { path in
                path.count == folder.path.count
                    && zip(path, folder.path).allSatisfy { $0.lowercased() == $1.lowercased() }
            }
        }.prefix(Mailbox.maximumIdleFolders)
        for (name, watch) in idleWatches where !watched.contains(where: { $0.serverID == name }) {
            idleWatches[name] = nil
            await watch.logout()
        }
        // An EXISTS or FETCH that came unasked with the pass's commands (about the folder then selected).
        let noticed = await client.takeNotices().mailboxes
        if folders.contains(where: { noticed.contains($0.serverID) }) { return }
        let deadline = ContinuousClock.now + min(timeout, Self.longestIdle)
        let others = folders.filter { $0 != inbox }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.watchMain(client, inbox: inbox, others: others, until: deadline) }
            for folder in watched {
                group.addTask { try await self.watchFolder(folder, until: deadline) }
            }
            // The first to finish (a change, or the deadline) ends the wait; the others end their IDLE with DONE.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// INBOX in IDLE, with a LIST-STATUS (or STATUS) look at `others` every `statusPollInterval`.
    private func watchMain(_ client: IMAPClient, inbox: MailFolder?, others: [MailFolder],
                           until deadline: ContinuousClock.Instant) async throws {
        if let inbox, await client.selected != inbox.serverID {
            // The pass left another folder selected: INBOX's news since it was synced is in this answer only.
            let state = ObservedFolder(try await client.examine(inbox.serverID))
            if let seen = observed[inbox.serverID], seen.differs(from: state) { return }
        }
        while ContinuousClock.now < deadline {
            let slice = min(deadline, ContinuousClock.now + statusPollInterval)
            if let inbox {
                let name = inbox.serverID
                if try await client.idle(timeout: slice - ContinuousClock.now, wakes: { $0 == .mailbox(name) }) {
                    return
                }
                // News that came with DONE's answer: a server may hold back what happened before IDLE began until
                // then (pymap does).
                if await client.takeNotices().mailboxes.contains(name) { return }
            } else {
                try await Task.sleep(until: slice)
            }
            guard !others.isEmpty, ContinuousClock.now < deadline else { continue }
            let looked: [MailFolder]
            let statuses: [String: MailboxStatus]
            if let listed = try await client.folderStatuses() {
                if listed.keys.contains(where: { !listedFolders.contains($0) }) { return }  // a new folder
                (looked, statuses) = (others, listed)
            } else {
                // No LIST-STATUS (pymap): a STATUS per folder, a bounded number per look, in turns.
                (looked, statusTurnStart) = Self.statusTurn(of: others, from: statusTurnStart)
                statuses = try await client.statuses(of: looked.map(\.serverID))
            }
            for folder in looked {
                guard let status = statuses[folder.serverID] else { return }  // gone or renamed
                if let seen = observed[folder.serverID], seen.differs(from: ObservedFolder(status)) { return }
            }
        }
    }

    /// Folders a look without LIST-STATUS asks STATUS of, at most: a large tree costs at most this many round
    /// trips per `statusPollInterval`, and each folder is looked at in turn.
    static let statusPollLimit = 25

    /// The `statusPollLimit` of `folders` a look without LIST-STATUS takes from `start` on, going round the list,
    /// and where the next look starts.
    static func statusTurn(of folders: [MailFolder], from start: Int) -> (folders: [MailFolder], next: Int) {
        guard folders.count > statusPollLimit else { return (folders, 0) }
        let first = start % folders.count
        return ((0..<statusPollLimit).map { folders[(first + $0) % folders.count] },
                (first + statusPollLimit) % folders.count)
    }

    /// One of `settings.idleFolders` in IDLE on a connection of its own, kept between waits (so the server tells
    /// it of everything since it opened the folder). A watch that fails is closed and waits out the deadline
    /// quietly: the LIST-STATUS polls still cover its folder, and the next wait opens it again.
    private func watchFolder(_ folder: MailFolder, until deadline: ContinuousClock.Instant) async throws {
        do {
            let watch: IMAPClient
            if let open = idleWatches[folder.serverID], await open.isUsable {
                watch = open
            } else {
                watch = try await IMAPClient.connect(settings)
                idleWatches[folder.serverID] = watch
                let state = ObservedFolder(try await watch.examine(folder.serverID))
                if let seen = observed[folder.serverID], seen.differs(from: state) { return }
            }
            let name = folder.serverID
            _ = try await watch.idle(timeout: deadline - ContinuousClock.now, wakes: { $0 == .mailbox(name) })
            _ = await watch.takeNotices()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if let watch = idleWatches.removeValue(forKey: folder.serverID) { await watch.logout() }
            try await Task.sleep(until: deadline)
        }
    }

    /// Logs out of every folder watch at once.
    func closeIdleWatches() async {
        let watches = Array(idleWatches.values)
        idleWatches = [:]
        await withTaskGroup(of: Void.self) { group in
            for watch in watches { group.addTask { await watch.logout() } }
        }
    }
}
