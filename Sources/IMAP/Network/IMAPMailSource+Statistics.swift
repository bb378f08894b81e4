extension IMAPMailSource {
    /// How folder passes learned what changed, for metrics and tests.
    public struct Statistics: Sendable, Equatable {
        /// Passes that listed every UID (`UID SEARCH ALL`): first syncs, UIDVALIDITY changes, servers without
        /// QRESYNC whose folder changed, and any pass whose shortcut disagreed with the message count.
        public var fullListings = 0
        /// Passes that learned removals from QRESYNC's VANISHED (RFC 7162 §3.2.5.1) and searched only new UIDs.
        public var quickResyncs = 0
        /// Passes that found the folder unchanged (same HIGHESTMODSEQ, or same UIDNEXT and message count).
        public var unchanged = 0
        /// Passes that the folder's LIST-STATUS answer showed unchanged (or empty and never synced): the folder
        /// was not opened, and no page was produced.
        public var listedUnchanged = 0
        /// Pages of messages downloaded.
        public var pagesFetched = 0
        /// Passes that asked for changed flags (CONDSTORE `CHANGEDSINCE`).
        public var readStateFetches = 0
        /// Passes that compared `\Seen` with the cursor's (`UID SEARCH SEEN` or `UNSEEN`, on a server without
        /// CONDSTORE).
        public var readStateSearches = 0

        public init() {}
    }
}
