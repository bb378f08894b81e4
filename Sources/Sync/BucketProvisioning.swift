import Domain
import Store

/// A mailbox names its bucket; the embedded default creates it on first use, with a source of the same name
/// attached, so that synced mail is readable as comments without further setup.
enum BucketProvisioning {
    static func bucket(owner: String, name: String, store: any Store) async throws -> Bucket {
        if let bucket = try await store.bucket(owner: owner, name: name) { return bucket }
        let bucket: Bucket
        do {
            bucket = try await store.createBucket(owner: owner, name: name, title: name)
        } catch let error as StoreError where error.isAlreadyExists {
            // Another mailbox's task created it first.
            guard let existing = try await store.bucket(owner: owner, name: name) else { throw error }
            return existing
        }
        if try await store.source(owner: owner, name: name) == nil {
            do {
                _ = try await store.createSource(owner: owner, name: name, bucketID: bucket.id)
            } catch let error as StoreError where error.isAlreadyExists {}
        }
        return bucket
    }
}
