/// The decisions of a sync pass over an IMAP mailbox, made without I/O from what the server supports, what the
/// pass's LIST-STATUS said, a folder's saved cursor and EXAMINE's answer: whether the folder is opened at all,
/// whether EXAMINE carries QRESYNC parameters, how its UIDs are listed (QRESYNC's VANISHED, an unchanged
/// HIGHESTMODSEQ or UIDNEXT, or every UID), how read states are learnt (CONDSTORE's CHANGEDSINCE, or comparing
/// `\Seen` sets), and whether the folder starts over (UIDVALIDITY changed, RFC 3501 §2.3.1.1).
/// `IMAPMailSource` carries the decisions out; `IMAPPassPlanner+UIDs` reconciles the UIDs the server names.
struct IMAPPassPlanner: Sendable, Equatable {
    /// The server has CONDSTORE (RFC 7162 §3.1): folders have mod-sequences, and flag changes can be asked by them.
    var condStore: Bool
    /// The server accepted `ENABLE QRESYNC` (RFC 7162 §3.2.3): EXAMINE can name what was expunged since a modseq.
    var qResync: Bool

    /// Whether and how a folder is opened.
    enum Opening: Equatable {
        /// The pass's LIST-STATUS shows nothing to do: the folder is not opened; the status is how it stood.
        case skip(MailboxStatus)
        /// EXAMINE the folder, with QRESYNC parameters (the cursor's UIDVALIDITY and HIGHESTMODSEQ) or without.
        case examine(resync: QResyncParameters?)
    }

    /// How an opened folder's new and removed UIDs are learnt.
    enum Listing: Equatable {
        /// Nothing was added or removed: HIGHESTMODSEQ (with QRESYNC), or UIDNEXT and the message count, unchanged.
        case unchanged
        /// QRESYNC: removals from EXAMINE's VANISHED (EARLIER), new UIDs from `UID SEARCH UID n:*` from
        /// `searchFrom`, or none when UIDNEXT shows nothing came (nil); checked against the message count
        /// (`resynchronized`), which falls back to `everyUID` when they disagree.
        case vanished(searchFrom: UInt32?)
        /// `UID SEARCH ALL` (nothing to ask of an empty folder): removals are the known UIDs that are gone.
        case everyUID
    }

    /// How read-state changes of the known messages are learnt (a new message's comes with its content).
    enum ReadStates: Equatable {
        /// Nothing to ask: no saved state, no known message, or an unchanged HIGHESTMODSEQ.
        case none
        /// CONDSTORE: `UID FETCH known (UID FLAGS) (CHANGEDSINCE modSeq)` (RFC 7162 §3.1.4.1).
        case changedSince(UInt64)
        /// No mod-sequences: `UID SEARCH SEEN` (`seen` true) or `UNSEEN`, compared with the cursor's `\Seen` set.
        case search(seen: Bool)
    }

    /// What a pass does with a folder EXAMINE opened.
    struct FolderPlan: Equatable {
        /// The cursor the pass builds on: the saved one, or nil on a first sync or after a reset.
        var base: IMAPFolderCursor?
        /// UIDVALIDITY changed: the saved cursor is void and the folder starts over.
        var resets: Bool
        var listing: Listing
        /// Read states are found by comparing `\Seen` sets, which the cursor then keeps: the server has no
        /// CONDSTORE, or the folder no mod-sequences (NOMODSEQ, RFC 7162 §3.1.2.2).
        var tracksSeen: Bool
    }

    /// Whether a pass opens a folder: not when its LIST-STATUS answer (`listed`, nil without one) shows nothing new.
    func opening(listed: MailboxStatus?, cursor: IMAPFolderCursor?) -> Opening {
        if let listed, Self.isUnchanged(listed, since: cursor) { return .skip(listed) }
        guard qResync, let cursor, let modSeq = cursor.highestModSeq else { return .examine(resync: nil) }
        return .examine(resync: QResyncParameters(uidValidity: cursor.uidValidity, modSeq: modSeq))
    }

    /// True when a folder's LIST-STATUS answer shows that a pass would find nothing: an empty folder never synced,
    /// or the cursor's UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and message count all unchanged. Mod-sequences are
    /// required for the latter: a flag change moves nothing else (RFC 7162 §3.1.1), so without them the folder
    /// is opened to compare `\Seen`. An append raises UIDNEXT, an expunge lowers the count or (with an append)
    /// raises UIDNEXT too, and either raises HIGHESTMODSEQ under CONDSTORE.
    static func isUnchanged(_ status: MailboxStatus, since cursor: IMAPFolderCursor?) -> Bool {
        guard let messages = status.messages else { return false }
        guard let cursor else { return messages == 0 }
        guard let modSeq = status.highestModSeq, let uidNext = status.uidNext else { return false }
        return status.uidValidity == cursor.uidValidity && uidNext == cursor.uidNext
            && modSeq == cursor.highestModSeq && cursor.knownCount == Int(messages)
    }

    /// What a pass does with a folder EXAMINE (with `resync`, as `opening` said) opened, from the saved cursor.
    func plan(opened: IMAPClient.Selected, resync: QResyncParameters?, cursor: IMAPFolderCursor?) -> FolderPlan {
        let tracksSeen = !(condStore && opened.highestModSeq != nil)
        guard let cursor, cursor.uidValidity == opened.uidValidity else {
            return FolderPlan(base: nil, resets: cursor != nil, listing: .everyUID, tracksSeen: tracksSeen)
        }
        let known = cursor.knownCount
        var listing = Listing.everyUID
        if resync?.uidValidity == opened.uidValidity, let modSeq = opened.highestModSeq {
            if modSeq == cursor.highestModSeq {
                // Every change (new message, expunge, flags) raises HIGHESTMODSEQ under QRESYNC.
                listing = known == Int(opened.exists) ? .unchanged : .everyUID
            } else {
                let next = cursor.lastUID + 1
                listing = .vanished(searchFrom: opened.uidNext.map { $0 > next } ?? true ? next : nil)
            }
        } else if let uidNext = opened.uidNext, cursor.uidNext == uidNext, known == Int(opened.exists) {
            // Nothing was appended (UIDNEXT), so an unchanged count means nothing was expunged either.
            listing = .unchanged
        }
        return FolderPlan(base: cursor, resets: false, listing: listing, tracksSeen: tracksSeen)
    }

    /// How read-state changes are learnt, once `known` holds the UIDs still in the folder.
    func readStates(opened: IMAPClient.Selected, plan: FolderPlan, known: Set<UInt32>) -> ReadStates {
        guard let base = plan.base else { return .none }
        if plan.tracksSeen {
            guard !known.isEmpty else { return .none }
            // A flag change moves neither UIDNEXT nor the message count, so every pass asks. The smaller side, by
            // the last pass's count, makes the shorter answer.
            return .search(seen: base.seenUIDs.map { $0.count * 2 <= known.count } ?? true)
        }
        // HIGHESTMODSEQ moves with every flag change, so an unchanged one needs no question.
        guard let saved = base.highestModSeq, let modSeq = opened.highestModSeq, modSeq != saved else { return .none }
        return .changedSince(saved)
    }
}
