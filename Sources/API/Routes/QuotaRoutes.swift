import Domain
import Hummingbird
import Store

/// `GET /api/_private/quotas` and `PUT /api/_private/quotas/<kind>` (`{"hard_limit": n|null}`, tokens-admin).
struct QuotaRoutes {
    let store: any Store

    struct Body: Decodable {
        var hardLimit: Int?
        enum CodingKeys: String, CodingKey { case hardLimit = "hard_limit" }
    }

    func add(to router: Router<APIContext>) {
        router.get("api/_private/quotas") { _, context in
            guard context.token != nil else { throw APIError.unauthorized }
            return try JSONBody.ok("quotas", try await store.quotas())
        }
        router.put("api/_private/quotas/:kind") { request, context in
            try context.require(.tokensAdmin)
            let name = try context.parameter("kind")
            guard let kind = Quota.Kind(rawValue: name) else {
                throw APIError(.badRequest, "unknown quota; known: "
                    + Quota.Kind.allCases.map(\.rawValue).joined(separator: ", "), field: "kind")
            }
            let body = try await JSONBody.decode(Body.self, from: request, context: context)
            if let limit = body.hardLimit, limit < 0 {
                throw APIError(.badRequest, "must be zero or more", field: "hard_limit")
            }
            try await store.setQuota(kind, limit: body.hardLimit)
            return try JSONBody.ok("quotas", try await store.quotas())
        }
    }
}
