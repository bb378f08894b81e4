import Domain
import Foundation
import Store

/// Gives a source attached to a bucket the emails the bucket already holds, as comments converted the way a
/// sync converts them, page by page (one transaction each). Safe to repeat: comments the source has are skipped.
public enum SourceBackfill {
    public static func run(sourceID: String, bucketID: String, store: any Store, pageSize: Int = 200) async throws
        -> Int {
        var added = 0
        var after: String?
        while true {
            let page = try await store.emails(bucketID: bucketID, afterID: after, limit: pageSize)
            guard let last = page.last else { return added }
            let converted = page.map { email in
                EmailToComment.convert(email.raw, metadata: EmailMetadata(
                    folder: email.folder.map { $0.split(separator: "/").map(String.init) },
                    mailbox: email.mailbox, receivedAt: email.receivedAt
                ))
            }
            added += try await store.addComments(sourceID: sourceID, emails: converted)
            after = last.id
        }
    }
}
