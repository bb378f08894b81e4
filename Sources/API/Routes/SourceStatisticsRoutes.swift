import Domain
import Foundation
import Hummingbird
import Store

/// `POST /api/v1/sources/<owner>/<name>/statistics` `{"comment_filter": …}`: how many of the source's comments
/// match, which `re get comments` and `re get sources --stats` read. Mailstream has no labels, so `label_counts`
/// and `label_timeseries` are always empty, and no comment is reviewed: `reviewed: only_reviewed` counts none and
/// `only_unreviewed` counts as if absent.
struct SourceStatisticsRoutes {
    let store: any Store
    /// Comments read per step when the filter needs each comment (user properties, participants).
    static let scanPage = 512

    struct Body: Decodable {
        var filter: CommentFilter
        var reviewed: String?

        enum CodingKeys: String, CodingKey { case commentFilter = "comment_filter" }
        /// The product's `reviewed` part of a filter, which Mailstream's ``CommentFilter`` has no use for.
        struct Reviewed: Decodable { var reviewed: String? }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            filter = try container.decodeIfPresent(CommentFilter.self, forKey: .commentFilter) ?? CommentFilter()
            reviewed = try container.decodeIfPresent(Reviewed.self, forKey: .commentFilter)?.reviewed
        }
    }

    func add(to router: Router<APIContext>) {
        router.post("api/v1/sources/:owner/:name/statistics") { request, context in
            let source = try await CatalogueRoutes.source(context, .sourcesRead, store: store)
            let body = try await JSONBody.decode(Body.self, from: request, context: context)
            try body.filter.validate()
            let count = try await count(source: source, body: body)
            return try JSONBody.ok("statistics", Statistics(numComments: count))
        }
    }

    struct Statistics: Encodable {
        let numComments: Int
        let labelCounts: [String: Int] = [:]
        let labelTimeseries: [[String]] = []
        enum CodingKeys: String, CodingKey {
            case numComments = "num_comments", labelCounts = "label_counts", labelTimeseries = "label_timeseries"
        }
    }

    private func count(source: Source, body: Body) async throws -> Int {
        if let reviewed = body.reviewed {
            guard reviewed == "only_unreviewed" || reviewed == "only_reviewed" else {
                throw APIError(.badRequest, "must be only_reviewed or only_unreviewed, not \(reviewed.prefix(64))",
                               field: "comment_filter.reviewed")
            }
            if reviewed == "only_reviewed" { return 0 }
        }
        let filter = body.filter
        if let sources = filter.sources, !sources.isEmpty, !sources.contains(source.id) { return 0 }
        let (from, through) = (filter.timestamp?.minimum, filter.timestamp?.maximum)
        guard !(filter.userProperties ?? [:]).isEmpty || filter.messages != nil else {
            return try await store.commentCount(sourceID: source.id, from: from, through: through)
        }
        // Conditions on each comment's content: read them in time order from the lower bound and test each.
        var matched = 0
        var after: (Date, String)?
        while true {
            let page = try await store.comments(sourceID: source.id, from: from, to: nil, after: after,
                                                limit: Self.scanPage)
            for stored in page {
                if let through, stored.comment.timestamp > through { return matched }
                if filter.matches(stored.comment, sourceID: source.id) { matched += 1 }
            }
            guard page.count == Self.scanPage, let last = page.last else { return matched }
            after = (last.comment.timestamp, last.comment.id)
        }
    }
}
