import Domain
import Hummingbird
import Store

/// `GET /api/_private/quotas` (any token) and `PUT /api/_private/quotas/<kind>` (`{"hard_limit": n|null}`): quotas
/// hold for every project, so changing one needs `tokens-admin` without a project limit.
struct QuotaRoutes {
    let store: any Store
    /// Larger limits are as good as none, and stay exact in every JSON reader (2^53).
    static let maximumLimit = 9_007_199_254_740_991

    struct Body: Decodable {
        var hardLimit: Int?
        enum CodingKeys: String, CodingKey { case hardLimit = "hard_limit" }
    }

    func add(to router: Router<APIContext>) {
        router.get("api/_private/quotas") { _, context in
            _ = try context.authenticatedToken()
            return try JSONBody.ok("quotas", try await store.quotas())
        }
        router.put("api/_private/quotas/:kind") { request, context in
            try context.requireUnscoped(.tokensAdmin)
            let name = try context.parameter("kind")
            guard let kind = Quota.Kind(rawValue: name) else {
                throw APIError(.notFound, "no quota \(name.prefix(64)); known: "
                    + Quota.Kind.allCases.map(\.rawValue).joined(separator: ", "), field: "kind")
            }
            let body = try await JSONBody.decode(Body.self, from: request, context: context)
            if let limit = body.hardLimit, !(0...Self.maximumLimit).contains(limit) {
                throw APIError(.badRequest, "must be from 0 to \(Self.maximumLimit), or null for no limit",
                               field: "hard_limit")
            }
            try await store.setQuota(kind, limit: body.hardLimit)
            return try JSONBody.ok("quotas", try await store.quotas())
        }
    }
}
