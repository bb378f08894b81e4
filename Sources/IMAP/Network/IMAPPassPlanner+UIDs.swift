/// What a folder's UIDs say once the server has named them: the known ones that are gone, the known ones that
/// stay, and the new ones to download, in UID order.
struct ReconciledUIDs: Equatable {
    var removed: [UInt32]
    var kept: Set<UInt32>
    var wanted: [UInt32]
}

extension IMAPPassPlanner {
    /// A `.vanished` listing's answer: removals are the `known` UIDs EXAMINE's VANISHED named, new ones those
    /// `UID SEARCH UID n:*` found (`found`, empty when nothing was asked). Nil when the count disagrees with the
    /// folder's message count at EXAMINE (only a full listing can tell then): a message that came after EXAMINE
    /// (UID at or above its UIDNEXT) is not in that count.
    static func resynchronized(known: Set<UInt32>, opened: IMAPClient.Selected, found: [UInt32]) -> ReconciledUIDs? {
        let gone = known.intersection(opened.vanished)
        let remaining = known.subtracting(gone)
        let fresh = found.filter { !remaining.contains($0) }
        let existedAtOpen = fresh.filter { uid in opened.uidNext.map { uid < $0 } ?? true }.count
        guard remaining.count + existedAtOpen == Int(opened.exists) else { return nil }
        return ReconciledUIDs(removed: gone.sorted(), kept: remaining, wanted: fresh.sorted())
    }

    /// An `.everyUID` listing's answer (`present`, every UID in the folder): removals are the `known` UIDs that
    /// are gone, new ones those not known.
    static func listed(known: Set<UInt32>, present: [UInt32]) -> ReconciledUIDs {
        let presentSet = Set(present)
        let kept = known.intersection(presentSet)
        return ReconciledUIDs(removed: known.subtracting(presentSet).sorted(), kept: kept,
                              wanted: present.filter { !kept.contains($0) }.sorted())
    }
}
