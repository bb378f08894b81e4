import Domain
import Foundation
import Hummingbird
import Store

/// Comments of a source: get, list by time, delete, and push (`sync`, `sync-raw-emails`).
struct CommentRoutes {
    let store: any Store
    static let maximumListLimit = 256

    func add(to router: Router<APIContext>) {
        router.get("api/v1/sources/:owner/:name/comments/:id") { _, context in
            let source = try await CatalogueRoutes.source(context, .sourcesRead, store: store)
            let id = try context.parameter("id")
            guard let stored = try await store.comment(sourceID: source.id, id: id) else {
                throw APIError.notFound("comment \(id)")
            }
            return try JSONBody.ok("comment", StoredCommentView(stored: stored))
        }
        router.get("api/_private/sources/:owner/:name/comments") { request, context in
            let source = try await CatalogueRoutes.source(context, .sourcesRead, store: store)
            let query = request.uri.queryParameters
            let limit = try Self.integer(query["limit"].map(String.init), field: "limit", default: 64,
                                         range: 1...Self.maximumListLimit)
            let from = try Self.date(query["from_timestamp"].map(String.init), field: "from_timestamp")
            let to = try Self.date(query["to_timestamp"].map(String.init), field: "to_timestamp")
            let afterField = query["after"] != nil ? "after" : "continuation"
            // An empty continuation is the first page, as an absent one.
            let given = (query["after"] ?? query["continuation"]).flatMap { $0.isEmpty ? nil : $0 }
            let after = try given.map { text throws(APIError) in
                guard let position = ListContinuation(token: String(text)) else {
                    throw APIError(.badRequest, "not a continuation this API returned", field: afterField)
                }
                return (position.timestamp, position.id)
            }
            let comments = try await store.comments(sourceID: source.id, from: from, to: to, after: after,
                                                    limit: limit + 1)
            let page = Array(comments.prefix(limit))
            let continuation = comments.count > limit
                ? page.last.map { ListContinuation(timestamp: $0.comment.timestamp, id: $0.comment.id).token } : nil
            return try JSONBody.ok(["comments": page.map(StoredCommentView.init), "continuation": continuation])
        }
        router.delete("api/v1/sources/:owner/:name/comments") { request, context in
            let source = try await CatalogueRoutes.source(context, .sourcesAdmin, store: store)
            let ids = request.uri.queryParameters[values: "id"].map(String.init)
            guard !ids.isEmpty else { throw APIError(.badRequest, "give the comments to delete as ?id=…", field: "id") }
            _ = try await store.deleteComments(sourceID: source.id, ids: ids)
            return try JSONBody.ok()
        }
        router.post("api/v1/sources/:owner/:name/sync") { request, context in
            let source = try await CatalogueRoutes.source(context, .sourcesAddComments, store: store)
            let comments = try CommentSyncRequest.decode(try await JSONBody.body(of: request, context: context))
                .map(Self.withoutAttachmentReferences)
            let counts = try await store.syncComments(sourceID: source.id, comments: comments)
            return try JSONBody.ok(["new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
                                    "updated_properties_only": counts.updatedPropertiesOnly,
                                    "updated_text_changed": counts.updatedTextChanged])
        }
        // The official client's default upload (`re create comments` without --overwrite). Mailstream treats it as
        // a sync: an id that exists is updated, not refused, so a retried upload can't fail half way. The
        // client's type for the answer is empty: nothing but the status may be in it.
        router.put("api/_private/sources/:owner/:name/comments") { request, context in
            let source = try await CatalogueRoutes.source(context, .sourcesAddComments, store: store)
            let comments = try CommentSyncRequest.decode(try await JSONBody.body(of: request, context: context))
                .map(Self.withoutAttachmentReferences)
            _ = try await store.syncComments(sourceID: source.id, comments: comments)
            return try JSONBody.ok()
        }
        router.post("api/v1/sources/:owner/:name/sync-raw-emails") { request, context in
            let source = try await CatalogueRoutes.source(context, .sourcesAddComments, store: store)
            let (documents, includeComments) = try RawEmailSyncRequest.decode(
                try await JSONBody.body(of: request, context: context)
            )
            let comments = documents.map { Self.withoutAttachmentReferences(RawEmailSyncRequest.comment(for: $0)) }
            let counts = try await store.syncComments(sourceID: source.id, comments: comments)
            var fields: [String: any Encodable] = [
                "new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
                "updated_properties_only": counts.updatedPropertiesOnly,
                "updated_text_changed": counts.updatedTextChanged,
            ]
            if includeComments { fields["comments"] = comments }
            return try JSONBody.ok(fields)
        }
        router.get("api/v1/attachments/:reference") { _, context in
            let reference = try context.parameter("reference")
            guard let attachment = try await store.attachment(reference: reference),
                  let source = try await store.source(id: attachment.sourceID) else {
                throw APIError.notFound("attachment")
            }
            // Someone without read access learns nothing, not even that the reference exists.
            guard context.may(.sourcesRead, project: source.owner) else { throw APIError.notFound("attachment") }
            return Response(
                status: .ok,
                headers: [.contentType: Self.safeContentType(attachment.contentType),
                          .contentDisposition: Self.contentDisposition(attachment.name),
                          .init("X-Content-Type-Options")!: "nosniff"],
                body: .init(byteBuffer: ByteBuffer(bytes: attachment.content))
            )
        }
    }

    /// References are made by Mailstream for content it stores; one sent by a client would point at nothing of
    /// this comment (or at another source's attachment), so pushed comments carry attachment metadata only.
    static func withoutAttachmentReferences(_ comment: Comment) -> Comment {
        var copy = comment
        for index in copy.attachments.indices { copy.attachments[index].attachmentReference = nil }
        return copy
    }

    static func integer(_ text: String?, field: String, default value: Int, range: ClosedRange<Int>) throws(APIError)
        -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.badRequest, "must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                           field: field)
        }
        return number
    }

    static func date(_ text: String?, field: String) throws(APIError) -> Date? {
        guard let text else { return nil }
        guard let date = JSONCoding.parse(text) else {
            throw APIError(.badRequest, "must be an ISO 8601 time such as 2025-01-31T12:00:00Z", field: field)
        }
        return date
    }

    /// Only a well-formed `type/subtype` is passed on; anything else is served as bytes.
    static func safeContentType(_ value: String) -> String {
        let base = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-/")
        guard base.split(separator: "/").count == 2, base.unicodeScalars.allSatisfy(allowed.contains) else {
            return "application/octet-stream"
        }
        return base
    }

    /// RFC 6266: an ASCII fallback without quotes or path separators, and the full name in RFC 8187 `filename*`.
    static func contentDisposition(_ name: String) -> String {
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let fallback = String(lastComponent.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 32 && scalar.value < 127 && scalar != "\"" && scalar != "%"
                ? Character(scalar) : "_"
        })
        let unreserved = CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
        let encoded = lastComponent.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
        let safeFallback = fallback.isEmpty ? "attachment" : fallback
        return "attachment; filename=\"\(safeFallback)\"; filename*=UTF-8''\(encoded.isEmpty ? "attachment" : encoded)"
    }
}

/// Where a comment list stopped: the (timestamp, id) of its last comment, opaque to clients.
struct ListContinuation {
    var timestamp: Date
    var id: String

    var token: String {
        Base64URL.encode("\(timestamp.timeIntervalSince1970)|\(id)".utf8)
    }

    init(timestamp: Date, id: String) {
        self.timestamp = timestamp
        self.id = id
    }

    init?(token: String) {
        guard let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8),
              let bar = text.firstIndex(of: "|"), let seconds = Double(text[..<bar]) else { return nil }
        timestamp = Date(timeIntervalSince1970: seconds)
        id = String(text[text.index(after: bar)...])
    }
}
