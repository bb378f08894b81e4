import Domain
import Foundation
import Hummingbird
import Store
import Sync

/// Buckets, sources and datasets: create (PUT), get, list, update (POST), delete by `id:<id>`.
struct CatalogueRoutes {
    let store: any Store

    struct BucketBody: Decodable {
        struct Fields: Decodable { var title: String? }
        var bucket: Fields?
    }

    struct EmailsBody: Decodable {
        var limit: Int?
        /// The id of the last email of the previous page.
        var continuation: String?
    }

    struct SourceBody: Decodable {
        struct Fields: Decodable {
            var title: String?
            var description: String?
            var bucketID: String?
            enum CodingKeys: String, CodingKey { case title, description, bucketID = "bucket_id" }

            func check() throws(APIError) {
                try checkText(title, .title, field: "source.title")
                try checkText(description, .description, field: "source.description")
                try checkText(bucketID, TextLimit(minimum: 1, maximum: 64), field: "source.bucket_id")
            }
        }
        var source: Fields?
    }

    struct DatasetBody: Decodable {
        struct Fields: Decodable {
            var title: String?
            var description: String?
            /// Source ids, or `owner/name` references.
            var sourceIDs: [String]?
            enum CodingKeys: String, CodingKey { case title, description, sourceIDs = "source_ids" }

            func check() throws(APIError) {
                try checkText(title, .title, field: "dataset.title")
                try checkText(description, .description, field: "dataset.description")
                if let sourceIDs, sourceIDs.count > Dataset.maximumSources {
                    throw APIError(.badRequest, "at most \(Dataset.maximumSources) sources", field: "dataset.source_ids")
                }
            }
        }
        var dataset: Fields?
    }

    func add(to router: Router<APIContext>) {
        let buckets = router.group("api/_private/buckets")
        buckets.get { _, context in
            try context.require(.bucketsRead)
            let visible = try await store.buckets().filter { context.may(.bucketsRead, project: $0.owner) }
            return try JSONBody.ok("buckets", visible.map(BucketView.init))
        }
        buckets.get(":owner/:name") { _, context in
            let bucket = try await bucket(context, .bucketsRead)
            return try JSONBody.ok("bucket", BucketView(bucket: bucket))
        }
        buckets.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.bucketsWrite, project: owner)
            let body = try await JSONBody.decode(BucketBody.self, from: request, context: context)
            try checkText(body.bucket?.title, .title, field: "bucket.title")
            let bucket = try await store.createBucket(owner: owner, name: name, title: body.bucket?.title ?? name)
            return try JSONBody.ok("bucket", BucketView(bucket: bucket))
        }
        buckets.post(":owner/:name") { request, context in
            let bucket = try await bucket(context, .bucketsWrite)
            let body = try await JSONBody.decode(BucketBody.self, from: request, context: context)
            try checkText(body.bucket?.title, .title, field: "bucket.title")
            let updated = try await store.updateBucket(id: bucket.id, title: body.bucket?.title ?? bucket.title)
            return try JSONBody.ok("bucket", BucketView(bucket: updated))
        }
        buckets.post(":owner/:name/emails") { request, context in
            let bucket = try await bucket(context, .bucketsItemsRead)
            let body = try await JSONBody.decode(EmailsBody.self, from: request, context: context)
            guard (1...256).contains(body.limit ?? 64) else {
                throw APIError(.badRequest, "must be from 1 to 256", field: "limit")
            }
            let limit = body.limit ?? 64
            let emails = try await store.emails(bucketID: bucket.id, afterID: body.continuation, limit: limit + 1)
            let page = Array(emails.prefix(limit))
            return try JSONBody.ok(["emails": page.map(EmailView.init),
                                    "continuation": emails.count > limit ? page.last?.id : nil])
        }
        buckets.delete(":owner") { _, context in
            let id = try idReference(context)
            guard let bucket = try await store.bucket(id: id) else { throw APIError.notFound("bucket id:\(id)") }
            try context.require(.bucketsWrite, project: bucket.owner)
            try await store.deleteBucket(id: id)
            return try JSONBody.ok()
        }

        let sources = router.group("api/v1/sources")
        sources.get { _, context in
            try context.require(.sourcesRead)
            let visible = try await store.sources().filter { context.may(.sourcesRead, project: $0.owner) }
            return try JSONBody.ok("sources", visible.map(SourceView.init))
        }
        sources.get(":owner/:name") { _, context in
            let source = try await CatalogueRoutes.source(context, .sourcesRead, store: store)
            return try JSONBody.ok("source", SourceView(source: source))
        }
        sources.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.sourcesAdmin, project: owner)
            let fields = try await JSONBody.decode(SourceBody.self, from: request, context: context).source
            try fields?.check()
            if let bucketID = fields?.bucketID { try await requireBucket(bucketID, context) }
            var source = try await store.createSource(owner: owner, name: name, bucketID: fields?.bucketID)
            if fields?.title != nil || fields?.description != nil {
                source.title = fields?.title ?? ""
                source.description = fields?.description ?? ""
                source = try await store.updateSource(source)
            }
            if let bucketID = source.bucketID {
                _ = try await SourceBackfill.run(sourceID: source.id, bucketID: bucketID, store: store)
            }
            return try JSONBody.ok("source", SourceView(source: source))
        }
        sources.post(":owner/:name") { request, context in
            var source = try await CatalogueRoutes.source(context, .sourcesAdmin, store: store)
            let fields = try await JSONBody.decode(SourceBody.self, from: request, context: context).source
            try fields?.check()
            if let title = fields?.title { source.title = title }
            if let description = fields?.description { source.description = description }
            let attached = fields?.bucketID.flatMap { $0 == source.bucketID ? nil : $0 }
            if let bucketID = attached {
                try await requireBucket(bucketID, context)
                source.bucketID = bucketID
            }
            let updated = try await store.updateSource(source)
            // A source attached to a bucket gets the bucket's emails, including those synced before.
            if let bucketID = attached {
                _ = try await SourceBackfill.run(sourceID: source.id, bucketID: bucketID, store: store)
            }
            return try JSONBody.ok("source", SourceView(source: updated))
        }
        sources.delete(":owner") { _, context in
            let id = try idReference(context)
            guard let source = try await store.source(id: id) else { throw APIError.notFound("source id:\(id)") }
            try context.require(.sourcesAdmin, project: source.owner)
            try await store.deleteSource(id: id)
            return try JSONBody.ok()
        }

        let datasets = router.group("api/v1/datasets")
        datasets.get { _, context in
            try context.require(.sourcesRead)
            let visible = try await store.datasets().filter { context.may(.sourcesRead, project: $0.owner) }
            return try JSONBody.ok("datasets", visible)
        }
        datasets.get(":owner/:name") { _, context in
            try JSONBody.ok("dataset", try await CatalogueRoutes.dataset(context, .sourcesRead, store: store))
        }
        datasets.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.sourcesAdmin, project: owner)
            let fields = try await JSONBody.decode(DatasetBody.self, from: request, context: context).dataset
            try fields?.check()
            let sourceIDs = try await resolveSources(fields?.sourceIDs ?? [], context)
            let dataset = try await store.createDataset(Dataset(
                id: "", owner: owner, name: name, title: fields?.title ?? name, description: fields?.description ?? "",
                sourceIDs: sourceIDs, createdAt: Date(), updatedAt: Date()
            ))
            return try JSONBody.ok("dataset", dataset)
        }
        datasets.post(":owner/:name") { request, context in
            var dataset = try await CatalogueRoutes.dataset(context, .sourcesAdmin, store: store)
            let fields = try await JSONBody.decode(DatasetBody.self, from: request, context: context).dataset
            try fields?.check()
            if let title = fields?.title { dataset.title = title }
            if let description = fields?.description { dataset.description = description }
            if let sourceIDs = fields?.sourceIDs { dataset.sourceIDs = try await resolveSources(sourceIDs, context) }
            return try JSONBody.ok("dataset", try await store.updateDataset(dataset))
        }
        datasets.delete(":owner") { _, context in
            let id = try idReference(context)
            guard let dataset = try await store.datasets().first(where: { $0.id == id }) else {
                throw APIError.notFound("dataset id:\(id)")
            }
            try context.require(.sourcesAdmin, project: dataset.owner)
            try await store.deleteDataset(id: id)
            return try JSONBody.ok()
        }
    }

    private func bucket(_ context: APIContext, _ permission: Permission) async throws -> Bucket {
        let (owner, name) = try ownerAndName(context)
        try context.require(permission, project: owner)
        guard let bucket = try await store.bucket(owner: owner, name: name) else {
            throw APIError.notFound("bucket \(owner)/\(name)")
        }
        return bucket
    }

    private func requireBucket(_ id: String, _ context: APIContext) async throws {
        guard let bucket = try await store.bucket(id: id) else {
            throw APIError(.badRequest, "no bucket has id \(id)", field: "source.bucket_id")
        }
        try context.require(.bucketsRead, project: bucket.owner)
    }

    /// Dataset members given as source ids or `owner/name`; the caller must be able to read each.
    private func resolveSources(_ references: [String], _ context: APIContext) async throws -> [String] {
        var ids: [String] = []
        for (index, reference) in references.enumerated() {
            let field = "dataset.source_ids[\(index)]"
            let source: Source?
            if reference.contains("/") {
                guard let (owner, name) = ResourceName.reference(reference) else {
                    throw APIError(.badRequest, "must be a source id or owner/name; names " + ResourceName.ruleText.dropFirst(5),
                                   field: field)
                }
                source = try await store.source(owner: owner, name: name)
            } else {
                try checkText(reference, TextLimit(minimum: 1, maximum: 64), field: field)
                source = try await store.source(id: reference)
            }
            guard let source else { throw APIError(.badRequest, "no source \(reference)", field: field) }
            try context.require(.sourcesRead, project: source.owner)
            if !ids.contains(source.id) { ids.append(source.id) }
        }
        return ids
    }

    static func source(_ context: APIContext, _ permission: Permission, store: any Store) async throws -> Source {
        let (owner, name) = try ownerAndName(context)
        try context.require(permission, project: owner)
        guard let source = try await store.source(owner: owner, name: name) else {
            throw APIError.notFound("source \(owner)/\(name)")
        }
        return source
    }

    static func dataset(_ context: APIContext, _ permission: Permission, store: any Store) async throws -> Dataset {
        let (owner, name) = try ownerAndName(context)
        try context.require(permission, project: owner)
        guard let dataset = try await store.dataset(owner: owner, name: name) else {
            throw APIError.notFound("dataset \(owner)/\(name)")
        }
        return dataset
    }
}

/// Owner and name from the path, checked as the product's names are: letters, digits, `-` and `_`.
func ownerAndName(_ context: APIContext) throws(APIError) -> (String, String) {
    let owner = try context.parameter("owner")
    let name = try context.parameter("name")
    try checkName(owner, field: "owner")
    try checkName(name, field: "name")
    return (owner, name)
}

/// Owners and names of buckets, sources, datasets, streams and integrations, in paths and bodies alike: the one rule
/// of `ResourceName`.
func checkName(_ value: String, field: String) throws(APIError) {
    guard ResourceName.isValid(value) else { throw APIError(.badRequest, ResourceName.ruleText, field: field) }
}

/// A free text of a body (title, description, …), when given, within its limit.
func checkText(_ value: String?, _ limit: TextLimit, field: String) throws(APIError) {
    guard let value, let problem = limit.problem(value) else { return }
    throw APIError(.badRequest, problem, field: field)
}

/// `id:<id>` path segments of the delete calls (routed through the `owner` capture, which shares its level).
func idReference(_ context: APIContext) throws(APIError) -> String {
    let reference = try context.parameter("owner")
    // Compared as bytes: `id:` followed by a combining mark is one Character, which `hasPrefix` would not match.
    guard reference.utf8.starts(with: "id:".utf8), reference.utf8.count > 3 else {
        throw APIError(.badRequest, "expected id:<id> in the path", field: "reference")
    }
    return String(decoding: reference.utf8.dropFirst(3), as: UTF8.self)
}
