import Domain
import Foundation

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
}
