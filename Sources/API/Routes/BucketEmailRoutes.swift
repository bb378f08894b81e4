import Domain
import Foundation
import Hummingbird
import Store

/// A bucket's raw emails: pages of them (`POST …/emails`), one by id (`GET …/emails?id=`), and how many there are
/// (`GET …/statistics`, which `re get emails` reads for its progress bar).
struct BucketEmailRoutes {
    let store: any Store
    static let maximumPage = 256

    func add(to router: Router<APIContext>) {
        let bucket = router.group("api/_private/buckets/:owner/:name")
        bucket.post("emails") { request, context in
            let bucket = try await Self.bucket(context, .bucketsItemsRead, store: store)
            let body = try await JSONBody.decode(CatalogueBodies.Emails.self, from: request, context: context)
            guard (1...Self.maximumPage).contains(body.limit ?? 64) else {
                throw APIError(.badRequest, "must be from 1 to \(Self.maximumPage)", field: "limit")
            }
            let limit = body.limit ?? 64
            let emails = try await store.emails(bucketID: bucket.id, afterID: body.continuation, limit: limit + 1)
            let page = Array(emails.prefix(limit))
            return try JSONBody.ok(["emails": page.map(EmailView.init),
                                    "continuation": emails.count > limit ? page.last?.id : nil])
        }
        bucket.get("emails") { request, context in
            let bucket = try await Self.bucket(context, .bucketsItemsRead, store: store)
            guard let id = request.uri.queryParameters["id"].map(String.init) else {
                throw APIError(.badRequest, "give the email's id as ?id=…", field: "id")
            }
            try checkText(id, TextLimit(minimum: 1, maximum: 1_024), field: "id")
            let email = try await store.email(bucketID: bucket.id, id: id)
            return try JSONBody.ok("emails", email.map { [EmailView(email: $0)] } ?? [])
        }
        bucket.get("statistics") { _, context in
            let bucket = try await Self.bucket(context, .bucketsRead, store: store)
            let count = try await store.emailCount(bucketID: bucket.id)
            return try JSONBody.ok("statistics", ["count": BucketCount(count)])
        }
    }

    /// `{"kind": "exact", "value": n}`; the client reads the value as a 32-bit integer, so a larger count is given
    /// as that integer's maximum with `kind` `lower_bound`.
    struct BucketCount: Encodable {
        let kind: String
        let value: Int

        init(_ count: Int) {
            kind = count > Int(Int32.max) ? "lower_bound" : "exact"
            value = min(count, Int(Int32.max))
        }
    }

    /// The bucket named by the path's owner and name, once the token holds `permission` on its project.
    static func bucket(_ context: APIContext, _ permission: Permission, store: any Store) async throws -> Bucket {
        let (owner, name) = try ownerAndName(context)
        try context.require(permission, project: owner)
        guard let bucket = try await store.bucket(owner: owner, name: name) else {
            throw APIError.notFound("bucket \(owner)/\(name)")
        }
        return bucket
    }
}
