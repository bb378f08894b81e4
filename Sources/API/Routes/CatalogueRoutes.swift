import Domain
import Foundation
import Hummingbird
import Store
import Sync

/// Buckets, sources and datasets: create (PUT), get by name or `id:<id>`, list, update (POST), delete by `id:<id>`.
/// Lists show what the token may read, and are empty (not 403) when that is nothing, so that a client listing
/// buckets beside sources (as `re get sources` does) works with a token that reads sources only.
struct CatalogueRoutes {
    let store: any Store

    func add(to router: Router<APIContext>) {
        let buckets = router.group("api/_private/buckets")
        buckets.get { _, context in
            _ = try context.authenticatedCaller()
            let visible = try await store.buckets().filter { context.may(.bucketsRead, project: $0.owner) }
            return try JSONBody.ok("buckets", visible.map(BucketView.init))
        }
        buckets.get(":owner/:name") { _, context in
            let bucket = try await BucketEmailRoutes.bucket(context, .bucketsRead, store: store)
            return try JSONBody.ok("bucket", BucketView(bucket: bucket))
        }
        buckets.get(":owner") { _, context in
            let bucket = try await byID(context, .bucketsRead, "bucket") { try await store.bucket(id: $0) }
            return try JSONBody.ok("bucket", BucketView(bucket: bucket))
        }
        buckets.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.bucketsWrite, project: owner)
            let fields = try await JSONBody.decode(CatalogueBodies.Bucket.self, from: request, context: context).bucket
            try fields?.check()
            let bucket = try await store.createBucket(owner: owner, name: name, title: fields?.title ?? name)
            return try JSONBody.ok("bucket", BucketView(bucket: bucket))
        }
        buckets.post(":owner/:name") { request, context in
            let bucket = try await BucketEmailRoutes.bucket(context, .bucketsWrite, store: store)
            let fields = try await JSONBody.decode(CatalogueBodies.Bucket.self, from: request, context: context).bucket
            try fields?.check()
            let updated = try await store.updateBucket(id: bucket.id, title: fields?.title ?? bucket.title)
            return try JSONBody.ok("bucket", BucketView(bucket: updated))
        }
        buckets.delete(":owner") { _, context in
            let bucket = try await byID(context, .bucketsWrite, "bucket") { try await store.bucket(id: $0) }
            try await store.deleteBucket(id: bucket.id)
            return try JSONBody.ok()
        }

        let sources = router.group("api/v1/sources")
        sources.get { _, context in
            _ = try context.authenticatedCaller()
            let visible = try await store.sources().filter { context.may(.sourcesRead, project: $0.owner) }
            return try JSONBody.ok("sources", visible.map(SourceView.init))
        }
        sources.get(":owner/:name") { _, context in
            let source = try await CatalogueRoutes.source(context, .sourcesRead, store: store)
            return try JSONBody.ok("source", SourceView(source: source))
        }
        sources.get(":owner") { _, context in
            let source = try await byID(context, .sourcesRead, "source") { try await store.source(id: $0) }
            return try JSONBody.ok("source", SourceView(source: source))
        }
        sources.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.sourcesAdmin, project: owner)
            let fields = try await JSONBody.decode(CatalogueBodies.Source.self, from: request, context: context).source
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
            let fields = try await JSONBody.decode(CatalogueBodies.Source.self, from: request, context: context).source
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
            let source = try await byID(context, .sourcesAdmin, "source") { try await store.source(id: $0) }
            try await store.deleteSource(id: source.id)
            return try JSONBody.ok()
        }

        let datasets = router.group("api/v1/datasets")
        datasets.get { _, context in
            _ = try context.authenticatedCaller()
            let visible = try await store.datasets().filter { context.may(.sourcesRead, project: $0.owner) }
            return try JSONBody.ok("datasets", visible.map(DatasetView.init))
        }
        datasets.get(":owner/:name") { _, context in
            let dataset = try await CatalogueRoutes.dataset(context, .sourcesRead, store: store)
            return try JSONBody.ok("dataset", DatasetView(dataset: dataset))
        }
        datasets.get(":owner") { _, context in
            let dataset = try await byID(context, .sourcesRead, "dataset") { id in
                try await store.datasets().first { $0.id == id }
            }
            return try JSONBody.ok("dataset", DatasetView(dataset: dataset))
        }
        datasets.put(":owner/:name") { request, context in
            let (owner, name) = try ownerAndName(context)
            try context.require(.sourcesAdmin, project: owner)
            let fields = try await JSONBody.decode(CatalogueBodies.Dataset.self, from: request, context: context)
                .dataset
            try fields?.check()
            let sourceIDs = try await resolveSources(fields?.sourceIDs ?? [], context)
            let dataset = try await store.createDataset(Dataset(
                id: "", owner: owner, name: name, title: fields?.title ?? name, description: fields?.description ?? "",
                sourceIDs: sourceIDs, createdAt: Date(), updatedAt: Date()
            ))
            return try JSONBody.ok("dataset", DatasetView(dataset: dataset))
        }
        datasets.post(":owner/:name") { request, context in
            var dataset = try await CatalogueRoutes.dataset(context, .sourcesAdmin, store: store)
            let fields = try await JSONBody.decode(CatalogueBodies.Dataset.self, from: request, context: context)
                .dataset
            try fields?.check()
            if let title = fields?.title { dataset.title = title }
            if let description = fields?.description { dataset.description = description }
            if let sourceIDs = fields?.sourceIDs { dataset.sourceIDs = try await resolveSources(sourceIDs, context) }
            return try JSONBody.ok("dataset", DatasetView(dataset: try await store.updateDataset(dataset)))
        }
        datasets.delete(":owner") { _, context in
            let dataset = try await byID(context, .sourcesAdmin, "dataset") { id in
                try await store.datasets().first { $0.id == id }
            }
            try await store.deleteDataset(id: dataset.id)
            return try JSONBody.ok()
        }
    }

    /// The object named `id:<id>` in the `{owner}` segment, once the token holds `permission` on its project. One
    /// in a project outside the token's limit is answered as missing, as an unknown id is; one in a project it
    /// reaches without `permission` is a 403 naming the permission.
    private func byID<Object: Owned>(_ context: APIContext, _ permission: Permission, _ what: String,
                                     _ find: (String) async throws -> Object?) async throws -> Object {
        let id = try idReference(context)
        let missing = APIError.notFound("\(what) id:\(id)")
        guard let object = try await find(id) else { throw missing }
        try context.require(permission, project: object.owner, orAnswer: missing)
        return object
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

/// Objects that belong to a project.
protocol Owned { var owner: String { get } }
extension Bucket: Owned {}
extension Source: Owned {}
extension Dataset: Owned {}
