import Domain
import Foundation

/// How a folder stood when a pass (or a LIST-STATUS) last looked: a later answer that differs means it changed.
struct ObservedFolder: Sendable, Equatable {
    var uidValidity: UInt32?
    var uidNext: UInt32?
    var messages: UInt32?
    var highestModSeq: UInt64?

    init(_ selected: IMAPClient.Selected) {
        uidValidity = selected.uidValidity
        uidNext = selected.uidNext
        messages = selected.exists
        highestModSeq = selected.highestModSeq
    }

    init(_ status: MailboxStatus) {
        uidValidity = status.uidValidity
        uidNext = status.uidNext
        messages = status.messages
        highestModSeq = status.highestModSeq
    }

    /// True when a value both know differs.
    func differs(from other: ObservedFolder) -> Bool {
        func differ<T: Equatable>(_ a: T?, _ b: T?) -> Bool {
            guard let a, let b else { return false }
            return a != b
        }
        return differ(uidValidity, other.uidValidity) || differ(uidNext, other.uidNext)
            || differ(messages, other.messages) || differ(highestModSeq, other.highestModSeq)
    }
}

extension IMAPMailSource {
    /// The longest IDLE: servers may end an IDLE after 30 minutes (RFC 2177 §3).
    static let longestIdle: Duration = .seconds(29 * 60)

    /// Returns when one of `folders` (or the folder list) may have changed, or after `timeout`.
    ///
    /// With NOTIFY, a connection of its own (opened by the first wait, then checked as each pass starts, so nothing
    /// after that is missed) waits in IDLE for news of any of them; news that came while the pass ran ends the wait
    /// at once. That connection never fetches: Dovecot 2.3 writes notifications into the middle of a FETCH literal
    /// whose output is held up (seen with 20 MB messages over TLS), which corrupts the answer. Without NOTIFY, the
    /// main connection IDLEs on INBOX (first checking that INBOX is as the pass saw it) and asks LIST-STATUS (without
    /// it, STATUS of up to `statusPollLimit` folders in turn) every `statusPollInterval` whether another folder moved
    /// on, while each of `settings.idleFolders` IDLEs on a
    /// connection of its own; the first to hear of a change ends the wait. A cancelled wait ends IDLE with DONE
    /// before it throws `CancellationError`.
    public func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {
        guard !folders.isEmpty else { return try await Task.sleep(for: timeout) }
        await acquireConnection()
        defer { releaseConnection() }
        do {
            if settings.useNotify, !notifyUnavailable {
                waitsWithNotify = true
                // Set only now (the first wait, or the one the pass opened broke): what changed since the pass
                // started is for the next pass, which comes at once.
                if await openNotifyWatch() { return }
                if let watch = notifyWatch {
                    await closeIdleWatches()
                    return try await waitWithNotify(watch, folders: folders, timeout: timeout)
                }
            }
            try await waitWithIdle(try await connected(), folders: folders, timeout: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await dropConnection()
            await dropNotifyWatch()
            throw error
        }
    }

    /// Opens the NOTIFY connection when the source wants one and has none (or a broken one); called as a pass
    /// starts. Returns true when a new one was set up. A server without NOTIFY, or that refuses it, is not asked
    /// again by this source; one that can't be reached now is left to the pass, which meets the same trouble.
    @discardableResult
    func openNotifyWatch() async -> Bool {
        guard settings.useNotify, !notifyUnavailable else { return false }
        if let watch = notifyWatch, await watch.isUsable { return false }
        await dropNotifyWatch()
        do {
            let watch = try await IMAPClient.connect(settings)
            try await watch.setNotify()
            guard await watch.notifying else {
                notifyUnavailable = true
                await watch.logout()
                return false
            }
            notifyWatch = watch
            return true
        } catch {
            return false
        }
    }

    func dropNotifyWatch() async {
        await notifyWatch?.logout()
        notifyWatch = nil
    }

    private func waitWithNotify(_ watch: IMAPClient, folders: [MailFolder], timeout: Duration) async throws {
        if !(await watch.notifying) {
            // NOTIFY was dropped (an overflow): set it again; whatever happened meanwhile is for the pass that
            // follows.
            try await watch.setNotify()
            if !(await watch.notifying) { notifyUnavailable = true }
            return
        }
        let watched = Set(folders.map(\.serverID))
        let listed = listedFolders
        let matters: @Sendable (ChangeNotice) -> Bool = { notice in
            switch notice {
            case .mailbox(let name): watched.contains(name) || !listed.contains(name)
            case .selected, .mailboxList, .overflow: true
            }
        }
        let pending = await watch.takeNotices()
        if pending.overflow || pending.mailboxList || pending.mailboxes.contains(where: { matters(.mailbox($0)) }) {
            return
        }
        // News that came while the pass ran waits in the socket: IDLE reads it first.
        _ = try await watch.idle(timeout: min(timeout, Self.longestIdle), wakes: matters)
        // What ended the wait is the next pass's to find.
        _ = await watch.takeNotices()
    }

    private func waitWithIdle(_ client: IMAPClient, folders: [MailFolder], timeout: Duration) async throws {
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
