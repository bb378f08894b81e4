/// Turns a stretch of a change log into the changes EWS reports for it: at most one change per item or folder,
/// net of what happened in between (created then deleted: nothing; created then changed: a Create; read flag
/// only: a ReadFlagChange), newest first as Exchange 2010 SP2 and later list them.
enum ChangeLogPager {
    struct ItemChange: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case create
            case update
            case delete
            case readFlag(Bool)
        }

        var itemKey: Int
        var itemID: String
        var kind: Kind
    }

    struct ItemPage: Sendable {
        var changes: [ItemChange]
        var position: Int
        var includesLastItemInRange: Bool
    }

    /// One page of item changes after `position`, covering entries of at most `maxChanges` items.
    static func itemPage(
        log: [ItemLogEntry],
        from position: Int,
        maxChanges: Int,
        ignoring ignored: Set<String> = []
    ) -> ItemPage {
        var order: [Int] = []
        var entries: [Int: [(index: Int, entry: ItemLogEntry)]] = [:]
        var end = position
        while end < log.count {
            let entry = log[end]
            if entries[entry.itemKey] == nil {
                guard order.count < maxChanges else { break }
                order.append(entry.itemKey)
            }
            entries[entry.itemKey, default: []].append((end, entry))
            end += 1
        }
        var changes: [(last: Int, change: ItemChange)] = []
        for key in order {
            guard let list = entries[key], let first = list.first, let last = list.last else { continue }
            guard let kind = netKind(list.map(\.entry.kind)), !ignored.contains(first.entry.itemID) else { continue }
            changes.append((last.index, ItemChange(itemKey: key, itemID: first.entry.itemID, kind: kind)))
        }
        changes.sort { $0.last > $1.last }
        return ItemPage(changes: changes.map(\.change), position: end, includesLastItemInRange: end == log.count)
    }

    private static func netKind(_ kinds: [ItemLogEntry.Kind]) -> ItemChange.Kind? {
        let deleted = kinds.contains(.delete)
        if kinds.first == .create { return deleted ? nil : .create }
        if deleted { return .delete }
        if kinds.contains(.update) { return .update }
        for kind in kinds.reversed() {
            if case .readFlag(let isRead) = kind { return .readFlag(isRead) }
        }
        return nil
    }

    struct FolderChange: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case create
            case update
            case delete
        }

        var folderKey: Int
        var kind: Kind
    }

    /// Every folder change after `position` among the folders `include` accepts, in log order.
    static func hierarchyChanges(
        log: [HierarchyLogEntry],
        from position: Int,
        include: (Int) -> Bool
    ) -> [FolderChange] {
        var order: [Int] = []
        var kinds: [Int: [HierarchyLogEntry.Kind]] = [:]
        for entry in log[min(position, log.count)...] where include(entry.folderKey) {
            if kinds[entry.folderKey] == nil { order.append(entry.folderKey) }
            kinds[entry.folderKey, default: []].append(entry.kind)
        }
        return order.compactMap { key in
            guard let list = kinds[key] else { return nil }
            let deleted = list.contains(.delete)
            if list.first == .create { return deleted ? nil : FolderChange(folderKey: key, kind: .create) }
            return FolderChange(folderKey: key, kind: deleted ? .delete : .update)
        }
    }
}
