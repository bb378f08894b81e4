import Domain
import Foundation

/// Buckets (raw emails), sources (comments) and datasets (groups of sources).
public protocol CatalogueStore: Sendable {
    func createBucket(owner: String, name: String, title: String) async throws -> Bucket
    func bucket(owner: String, name: String) async throws -> Bucket?
    func buckets() async throws -> [Bucket]
    func bucket(id: String) async throws -> Bucket?
    func updateBucket(id: String, title: String) async throws -> Bucket
    /// Deletes a bucket and its raw emails; sources attached to it are detached, their comments stay.
    func deleteBucket(id: String) async throws
    /// A bucket's raw emails in id order, after `afterID`.
    func emails(bucketID: String, afterID: String?, limit: Int) async throws -> [StoredEmail]

    /// Creates a source, optionally attached to a bucket (it then gets the bucket's emails as comments).
    func createSource(owner: String, name: String, bucketID: String?) async throws -> Source
    func source(owner: String, name: String) async throws -> Source?
    func sources(bucketID: String) async throws -> [Source]
    func sources() async throws -> [Source]
    func source(id: String) async throws -> Source?
    /// Changes a source's title, description and bucket. Throws `notFound` for a missing source or bucket.
    func updateSource(_ source: Source) async throws -> Source
    /// Deletes a source and its comments; datasets forget it.
    func deleteSource(id: String) async throws

    /// Throws `alreadyExists` for a taken owner/name, `notFound` for an unknown source id.
    func createDataset(_ dataset: Dataset) async throws -> Dataset
    func dataset(owner: String, name: String) async throws -> Dataset?
    func datasets() async throws -> [Dataset]
    func updateDataset(_ dataset: Dataset) async throws -> Dataset
    /// Deletes a dataset and its streams.
    func deleteDataset(id: String) async throws
}
