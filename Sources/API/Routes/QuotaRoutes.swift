import Domain
import Hummingbird
import Store

/// `GET /api/_private/quotas` (any token), `PUT /api/_private/quotas/<kind>` (`{"hard_limit": n|null}`), and the
/// official client's `POST /api/_private/quotas/<tenant>/<kind>` (`{"hard_limit": n}`). Mailstream is one tenant,
/// named `default` wherever the product takes a tenant id. Quotas hold for every project, so changing one needs
/// `tokens-admin` without a project limit.
///
/// The router takes one parameter name per position, and the third segment is a kind in one route and a tenant in
/// the other, so both call it `id` (the quota's id is its kind; the tenant's id is `default`).
struct QuotaRoutes {
    let store: any Store
    /// Larger limits are as good as none, and stay exact in every JSON reader (2^53).
    static let maximumLimit = 9_007_199_254_740_991
    /// The id of Mailstream's one tenant, in the product's tenant-scoped paths.
    static let tenant = "default"

    struct Body: Decodable {
        var hardLimit: Int?
        enum CodingKeys: String, CodingKey { case hardLimit = "hard_limit" }
    }

    /// The client's `CreateQuota`: `hard_limit` always, `auto_increase_up_to` when asked for.
    struct ClientBody: Decodable {
        var hardLimit: Int
        var autoIncreaseUpTo: Int?
        enum CodingKeys: String, CodingKey {
            case hardLimit = "hard_limit", autoIncreaseUpTo = "auto_increase_up_to"
        }
    }

    func add(to router: Router<APIContext>) {
        router.get("api/_private/quotas") { _, context in
            _ = try context.authenticatedCaller()
            return try JSONBody.ok("quotas", try await store.quotas().map(QuotaView.init))
        }
        router.put("api/_private/quotas/:id") { request, context in
            try context.requireUnscoped(.tokensAdmin)
            let kind = try Self.kind(context, parameter: "id")
            let body = try await JSONBody.decode(Body.self, from: request, context: context)
            try Self.checkLimit(body.hardLimit)
            try await store.setQuota(kind, limit: body.hardLimit)
            return try JSONBody.ok("quotas", try await store.quotas().map(QuotaView.init))
        }
        router.post("api/_private/quotas/:id/:kind") { request, context in
            try context.requireUnscoped(.tokensAdmin)
            let tenant = try context.parameter("id")
            guard tenant == Self.tenant else {
                throw APIError(.notFound, "no tenant \(tenant.prefix(64)); Mailstream has one, \(Self.tenant)",
                               field: "tenant")
            }
            let kind = try Self.kind(context, parameter: "kind")
            let body = try await JSONBody.decode(ClientBody.self, from: request, context: context)
            try Self.checkLimit(body.hardLimit)
            try CatalogueBodies.neutral(body.autoIncreaseUpTo, [], field: "auto_increase_up_to",
                                        "Mailstream never raises a limit by itself")
            try await store.setQuota(kind, limit: body.hardLimit)
            // The client reads the answer as an empty success: the status alone.
            return try JSONBody.ok()
        }
    }

    static func kind(_ context: APIContext, parameter: String) throws(APIError) -> Quota.Kind {
        let name = try context.parameter(parameter)
        guard let kind = Quota.Kind(rawValue: name) else {
            throw APIError(.notFound, "no quota \(name.prefix(64)); known: "
                + Quota.Kind.allCases.map(\.rawValue).joined(separator: ", "), field: "kind")
        }
        return kind
    }

    static func checkLimit(_ limit: Int?) throws(APIError) {
        if let limit, !(0...maximumLimit).contains(limit) {
            throw APIError(.badRequest, "must be from 0 to \(maximumLimit), or null for no limit", field: "hard_limit")
        }
    }
}
