/// Why a delta request can't go on from its token.
enum DeltaRefusal: Error, Sendable, Equatable {
    /// The token was invalidated (a new generation): Graph's 410 `SyncStateNotFound`.
    case stale
    /// The token is not one this collection issued: 410 `SyncStateInvalid`.
    case unreadable
}

/// One page of a delta round: the entries, and either the `$skiptoken` of the next page or the `$deltatoken` of the
/// next round.
struct DeltaPage<Item: Sendable>: Sendable {
    enum Entry: Sendable {
        case item(Item)
        /// `{"id": …, "@removed": {"reason": …}}`.
        case removed(id: String, reason: RemovalReason)
    }

    var entries: [Entry]
    var skipToken: DeltaToken?
    var deltaToken: DeltaToken?
}

/// Where a request stands in a round: what its token says, or a fresh initial round.
struct DeltaRequest: Sendable {
    enum Token: Sendable {
        case none
        case skip(String)
        case delta(String)
    }

    var token: Token
    /// The options of a request without a token; a token brings its own.
    var options: DeltaOptions
    var pageSize: Int
}

extension DeltaRequest {
    /// The token of this request checked against the collection, or a new initial round's.
    func resolve(
        scope: DeltaToken.Scope, mailboxGUID: [UInt8], folderKey: Int, generation: Int,
        sequence: Int
    ) throws(DeltaRefusal) -> DeltaToken {
        switch token {
        case .none:
            return DeltaToken(
                scope: scope, mailboxGUID: mailboxGUID, folderKey: folderKey, generation: generation,
                from: nil, until: sequence, cursor: 0, options: options)
        case .skip(let text), .delta(let text):
            guard let decoded = DeltaToken(encoded: text), decoded.scope == scope,
                decoded.mailboxGUID == mailboxGUID, decoded.folderKey == folderKey
            else { throw .unreadable }
            guard decoded.generation == generation else { throw .stale }
            guard case .delta = token else { return decoded }
            // A delta token starts the next round: changes after the position it was issued at, up to now.
            var round = decoded
            round.from = decoded.until
            round.until = sequence
            round.cursor = 0
            return round
        }
    }

    /// The token of the page after `count` more entries, or of the next round when the round is done.
    static func links(
        after round: DeltaToken, sent count: Int, lastKey: Int?, remaining: Bool
    )
        -> (skip: DeltaToken?, delta: DeltaToken?)
    {
        if remaining {
            var next = round
            next.cursor =
                round.from == nil && !round.options.newestFirst
                ? (lastKey ?? round.cursor)
                : round.cursor + count
            return (next, nil)
        }
        var next = round
        next.from = round.until
        next.cursor = 0
        return (nil, next)
    }
}
