import Domain
import Foundation
import Store
import Synchronization

/// Pages into the store's batches: conversion is pure and CPU-bound, and runs on every core.
extension MailboxSynchronizer {
    /// The batch of one page: its emails converted (those received before the mailbox's start left out), and
    /// items the server could not deliver recorded as skipped.
    func makeBatch(_ page: FolderChangePage, folder: MailFolder, resets: Bool,
                   report: inout Report) async throws -> SyncBatch {
        var changes: [SyncChange] = []
        changes.reserveCapacity(page.changes.count)
        let convertedEmails = await convertAll(page.changes, folder: folder)
        for (position, change) in page.changes.enumerated() {
            switch change {
            case .upsert(let serverID, let raw, let receivedAt, let isRead):
                guard let converted = convertedEmails[position] else { continue }
                if let start = mailbox.startTimestamp, (receivedAt ?? converted.comment.timestamp) < start {
                    report.skippedBeforeStart += 1
                    continue
                }
                changes.append(.upsert(IncomingEmail(serverID: serverID, raw: raw, converted: converted,
                                                     receivedAt: receivedAt,
                                                     storesAttachments: mailbox.syncAttachments, isRead: isRead)))
            case .readState(let serverID, let isRead):
                changes.append(.readState(serverID: serverID, isRead: isRead))
            case .removed(let serverID):
                changes.append(.removed(serverID: serverID))
            case .failed(let serverID, let reason):
                report.skippedItems += 1
                try await store.recordError(IntegrationError(
                    id: UUID().uuidString.lowercased(), integrationID: integration.id, mailboxID: mailbox.id,
                    kind: .itemSkipped, errorText: "an item could not be read and was skipped",
                    fullErrorText: "folder \(folder.name), item \(serverID): \(reason)", action: .itemSkipped,
                    createdAt: Date()
                ))
            }
        }
        return SyncBatch(integrationID: integration.id, mailboxID: mailbox.id, mailboxAddress: mailbox.email,
                         bucketID: bucketID, folder: folder.name, changes: changes, cursor: page.cursor,
                         resetsFolder: resets)
    }

    /// Read once: Foundation reads the cgroup's CPU quota files at every call.
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Converts a page's emails on every core: conversion (parsing, cleaning, language) is pure and CPU-bound,
    /// and dominates a sync's time. Returns the converted email of each upsert, by position in `changes`.
    private func convertAll(_ changes: [FolderChange], folder: MailFolder) async -> [Int: ConvertedEmail] {
        let work: [(Int, [UInt8], Date?)] = changes.enumerated().compactMap { position, change in
            guard case .upsert(_, let raw, let receivedAt, _) = change else { return nil }
            return (position, raw, receivedAt)
        }
        let lanes = max(1, min(Self.cores, work.count))
        let metadata = EmailMetadata(folder: folder.path, mailbox: mailbox.email)
        // Each lane takes the next email not yet taken, so a lane that drew small emails doesn't sit idle while
        // another finishes large ones.
        let next = WorkCounter()
        return await withTaskGroup(of: [(Int, ConvertedEmail)].self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    var converted: [(Int, ConvertedEmail)] = []
                    while let index = next.take(below: work.count) {
                        let (position, raw, receivedAt) = work[index]
                        var itemMetadata = metadata
                        itemMetadata.receivedAt = receivedAt
                        converted.append((position, EmailToComment.convert(raw, metadata: itemMetadata)))
                    }
                    return converted
                }
            }
            var result: [Int: ConvertedEmail] = [:]
            for await converted in group {
                for (position, email) in converted { result[position] = email }
            }
            return result
        }
    }
}

/// Hands out 0, 1, 2, … once each to the conversion lanes.
private final class WorkCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// The next number, or nil once `limit` has been reached.
    func take(below limit: Int) -> Int? {
        let taken = value.wrappingAdd(1, ordering: .relaxed).oldValue
        return taken < limit ? taken : nil
    }
}

extension Duration {
    /// Whole milliseconds, for logs.
    var milliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}
