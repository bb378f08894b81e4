import Foundation
import Hummingbird
import Testing

/// Every call the official client makes in the workflows Mailstream serves (reinfer/cli `api/src/lib.rs`, its
/// `Endpoints` and the `Client` method that uses each), with the path built as the client builds it: each is one
/// operation of the OpenAPI document, which lists exactly the router's routes, so none falls through to a 404 or
/// onto another route. Integrations are left out here (they follow separately).
@Suite struct ClientEndpointTableTests {
    struct Call: Sendable, CustomTestStringConvertible {
        let function: String
        let method: HTTPRequest.Method
        let segments: [String]
        /// The operation it must land on.
        let operation: String
        var testDescription: String { function }
    }

    static let calls: [Call] = {
        let (source, bucket, dataset) = ("ops/pushed", "ops/mail", "ops/support")
        let stream = ["api", "v1", "datasets", dataset, "streams", "bot"]
        return [
            Call(function: "get_current_user", method: .get, segments: ["auth", "user"], operation: "getCurrentUser"),
            Call(function: "refresh_user_permissions", method: .post, segments: ["auth", "refresh-user-permissions"],
                 operation: "refreshUserPermissions"),
            Call(function: "get_users", method: .get, segments: ["api", "_private", "users"], operation: "listUsers"),
            Call(function: "get_user", method: .get, segments: ["api", "_private", "users", "9c1e"],
                 operation: "getUser"),
            Call(function: "create_user", method: .put, segments: ["api", "_private", "users"],
                 operation: "createUser"),
            Call(function: "post_user", method: .post, segments: ["api", "_private", "users", "9c1e"],
                 operation: "updateUser"),
            Call(function: "delete_user", method: .delete, segments: ["api", "_private", "users", "9c1e"],
                 operation: "deleteUser"),
            Call(function: "get_quotas", method: .get, segments: ["api", "_private", "quotas"],
                 operation: "listQuotas"),
            Call(function: "create_quota", method: .post, segments: ["api", "_private", "quotas", "default", "comments"],
                 operation: "setTenantQuota"),
            Call(function: "get_sources", method: .get, segments: ["api", "v1", "sources"], operation: "listSources"),
            Call(function: "get_source (name)", method: .get, segments: ["api", "v1", "sources", source],
                 operation: "getSource"),
            Call(function: "get_source (id)", method: .get, segments: ["api", "v1", "sources", "id:9c1e"],
                 operation: "getSourceById"),
            Call(function: "create_source", method: .put, segments: ["api", "v1", "sources", source],
                 operation: "createSource"),
            Call(function: "update_source", method: .post, segments: ["api", "v1", "sources", source],
                 operation: "updateSource"),
            Call(function: "delete_source", method: .delete, segments: ["api", "v1", "sources", "id:9c1e"],
                 operation: "deleteSource"),
            Call(function: "get_source_statistics", method: .post,
                 segments: ["api", "v1", "sources", source, "statistics"], operation: "getSourceStatistics"),
            Call(function: "put_comments", method: .put, segments: ["api", "_private", "sources", source, "comments"],
                 operation: "putComments"),
            Call(function: "sync_comments", method: .post, segments: ["api", "v1", "sources", source, "sync"],
                 operation: "syncComments"),
            Call(function: "sync_raw_emails", method: .post,
                 segments: ["api", "v1", "sources", source, "sync-raw-emails"], operation: "syncRawEmails"),
            Call(function: "get_comments_iter_page", method: .get,
                 segments: ["api", "_private", "sources", source, "comments"], operation: "listComments"),
            Call(function: "get_comment", method: .get, segments: ["api", "v1", "sources", source, "comments", "c1"],
                 operation: "getComment"),
            Call(function: "delete_comments", method: .delete, segments: ["api", "v1", "sources", source, "comments"],
                 operation: "deleteComments"),
            Call(function: "get_attachment", method: .get, segments: ["api", "v1", "attachments", "a1b2"],
                 operation: "getAttachment"),
            Call(function: "get_buckets", method: .get, segments: ["api", "_private", "buckets"],
                 operation: "listBuckets"),
            Call(function: "get_bucket (name)", method: .get, segments: ["api", "_private", "buckets", bucket],
                 operation: "getBucket"),
            Call(function: "get_bucket (id)", method: .get, segments: ["api", "_private", "buckets", "id:4b7f"],
                 operation: "getBucketById"),
            Call(function: "create_bucket", method: .put, segments: ["api", "_private", "buckets", bucket],
                 operation: "createBucket"),
            Call(function: "delete_bucket", method: .delete, segments: ["api", "_private", "buckets", "id:4b7f"],
                 operation: "deleteBucket"),
            Call(function: "get_bucket_statistics", method: .get,
                 segments: ["api", "_private", "buckets", bucket, "statistics"], operation: "getBucketStatistics"),
            Call(function: "get_emails_iter_page", method: .post,
                 segments: ["api", "_private", "buckets", bucket, "emails"], operation: "listBucketEmails"),
            Call(function: "get_email", method: .get, segments: ["api", "_private", "buckets", bucket, "emails"],
                 operation: "getBucketEmail"),
            Call(function: "get_datasets", method: .get, segments: ["api", "v1", "datasets"],
                 operation: "listDatasets"),
            Call(function: "get_dataset (name)", method: .get, segments: ["api", "v1", "datasets", dataset],
                 operation: "getDataset"),
            Call(function: "get_dataset (id)", method: .get, segments: ["api", "v1", "datasets", "id:77aa"],
                 operation: "getDatasetById"),
            Call(function: "create_dataset", method: .put, segments: ["api", "v1", "datasets", dataset],
                 operation: "createDataset"),
            Call(function: "update_dataset", method: .post, segments: ["api", "v1", "datasets", dataset],
                 operation: "updateDataset"),
            Call(function: "delete_dataset", method: .delete, segments: ["api", "v1", "datasets", "id:77aa"],
                 operation: "deleteDataset"),
            Call(function: "get_streams", method: .get, segments: ["api", "v1", "datasets", dataset, "streams"],
                 operation: "listStreams"),
            Call(function: "put_stream", method: .put, segments: ["api", "v1", "datasets", dataset, "streams"],
                 operation: "createStream"),
            Call(function: "get_stream", method: .get, segments: stream, operation: "getStream"),
            Call(function: "fetch_stream_comments", method: .post, segments: stream + ["fetch"],
                 operation: "fetchStream"),
            Call(function: "advance_stream", method: .post, segments: stream + ["advance"],
                 operation: "advanceStream"),
            Call(function: "reset_stream", method: .post, segments: stream + ["reset"], operation: "resetStream"),
        ]
    }()

    /// The documented operation whose path template and method the decoded path matches, or nil; a
    /// `{parameter}` takes one non-empty segment.
    static func operation(_ method: HTTPRequest.Method, _ path: String, in paths: [String: Any]) -> [String] {
        let decoded = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .flatMap { ($0.removingPercentEncoding ?? String($0)).split(separator: "/").map(String.init) }
        return paths.compactMap { template, item -> String? in
            let parts = template.split(separator: "/").map(String.init)
            guard parts.count == decoded.count,
                  zip(parts, decoded).allSatisfy({ $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 }),
                  let operation = (item as? [String: Any])?[method.rawValue.lowercased()] as? [String: Any]
            else { return nil }
            return operation["operationId"] as? String
        }
    }

    @Test(arguments: calls)
    func eachCallIsOneDocumentedOperation(_ call: Call) throws {
        let paths = try #require(try OpenAPIDocumentTests.document()["paths"] as? [String: Any])
        let path = ClientRequest.path(call.segments)
        // Every `owner/name` travels as one segment with `%2F`, as the client's `url` crate writes it.
        #expect(path.contains("%2F") == call.segments.contains { $0.contains("/") }, "\(path)")
        #expect(Self.operation(call.method, path, in: paths) == [call.operation], "\(call.method) \(path)")
    }
}
