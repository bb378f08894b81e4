import Domain
import Foundation
import HTTPTypes

/// Request bodies of buckets, sources and datasets, as the official Communications Mining client sends them.
///
/// The client's types carry fields for what the product has and Mailstream doesn't (languages and translation,
/// transform tags, trained models, labels, entities, sentiment). Each is accepted only with the neutral value
/// Mailstream answers itself (absent, null, false, empty, `en`, `unknown`, `none`), so a request is never half
/// honoured: anything else is a 400 naming the field and saying why.
enum CatalogueBodies {
    struct Bucket: Decodable {
        struct Fields: Decodable {
            var title: String?
            /// The client always sends it; `emails` is the only type there is.
            var bucketType: String?
            enum CodingKeys: String, CodingKey { case title, bucketType = "bucket_type" }

            func check() throws(APIError) {
                try checkText(title, .title, field: "bucket.title")
                try neutral(bucketType, ["emails"], field: "bucket.bucket_type", "buckets hold emails only")
            }
        }
        var bucket: Fields?
    }

    struct Emails: Decodable {
        var limit: Int?
        /// The id of the last email of the previous page.
        var continuation: String?
    }

    struct Source: Decodable {
        struct Fields: Decodable {
            var title: String?
            var description: String?
            var bucketID: String?
            var language: String?
            var shouldTranslate: Bool?
            var kind: String?
            var sensitiveProperties: [String]?
            var transformTag: String?
            enum CodingKeys: String, CodingKey {
                case title, description, language, bucketID = "bucket_id", shouldTranslate = "should_translate"
                case kind = "_kind", sensitiveProperties = "sensitive_properties"
                case transformTag = "email_transform_tag"
            }

            func check() throws(APIError) {
                try checkText(title, .title, field: "source.title")
                try checkText(description, .description, field: "source.description")
                try checkText(bucketID, TextLimit(minimum: 1, maximum: 64), field: "source.bucket_id")
                try neutral(language, ["en"], field: "source.language",
                            "Mailstream reads every source as en and detects no language")
                try neutral(shouldTranslate, [false], field: "source.should_translate", "Mailstream translates nothing")
                try neutral(kind, [SourceView.kind], field: "source._kind",
                            "sources hold emails and pushed comments, of kind \(SourceView.kind)")
                try empty(sensitiveProperties, field: "source.sensitive_properties",
                          "Mailstream hides no user property from sources-read")
                try neutral(transformTag, [], field: "source.email_transform_tag",
                            "Mailstream turns emails into comments one way; leave it out")
            }
        }
        var source: Fields?
    }

    struct Dataset: Decodable {
        struct Fields: Decodable {
            var title: String?
            var description: String?
            /// Source ids, or `owner/name` references.
            var sourceIDs: [String]?
            var hasSentiment: Bool?
            var modelFamily: String?
            var entityDefs: [AnyJSON]?
            var generalFields: [AnyJSON]?
            var labelDefs: [AnyJSON]?
            var labelGroups: [AnyJSON]?
            var datasetFlags: [AnyJSON]?
            var copyAnnotationsFrom: String?
            var modelConfig: AnyJSON?
            enum CodingKeys: String, CodingKey {
                case title, description, sourceIDs = "source_ids", hasSentiment = "has_sentiment"
                case modelFamily = "model_family", entityDefs = "entity_defs", generalFields = "general_fields"
                case labelDefs = "label_defs", labelGroups = "label_groups", datasetFlags = "_dataset_flags"
                case copyAnnotationsFrom = "copy_annotations_from", modelConfig = "_model_config"
            }

            func check() throws(APIError) {
                try checkText(title, .title, field: "dataset.title")
                try checkText(description, .description, field: "dataset.description")
                if let sourceIDs, sourceIDs.count > Domain.Dataset.maximumSources {
                    throw APIError(.badRequest, "at most \(Domain.Dataset.maximumSources) sources",
                                   field: "dataset.source_ids")
                }
                let noModel = "Mailstream trains no models"
                try neutral(hasSentiment, [false], field: "dataset.has_sentiment", noModel)
                try neutral(modelFamily, [DatasetView.modelFamily], field: "dataset.model_family", noModel)
                for (list, name) in [(entityDefs, "entity_defs"), (generalFields, "general_fields"),
                                     (labelDefs, "label_defs"), (labelGroups, "label_groups"),
                                     (datasetFlags, "_dataset_flags")] {
                    try empty(list, field: "dataset.\(name)", noModel)
                }
                try neutral(copyAnnotationsFrom, [], field: "dataset.copy_annotations_from", "there are no annotations")
                try neutral(modelConfig, [], field: "dataset._model_config", noModel)
            }
        }
        var dataset: Fields?
    }

    /// Throws 400 unless `value` is absent or one of `accepted`.
    static func neutral<Value: Equatable>(_ value: Value?, _ accepted: [Value], field: String, _ reason: String)
        throws(APIError) {
        guard let value, !accepted.contains(value) else { return }
        let allowed = accepted.isEmpty ? "leave it out" : "only \(accepted.map { "\($0)" }.joined(separator: ", "))"
        throw APIError(.badRequest, "\(reason) (\(allowed))", field: field)
    }

    /// Throws 400 unless the list is absent or empty.
    static func empty<Element>(_ list: [Element]?, field: String, _ reason: String) throws(APIError) {
        guard let list, !list.isEmpty else { return }
        throw APIError(.badRequest, "\(reason) (only an empty list)", field: field)
    }
}

/// A JSON value of any shape, read only to tell that it is there.
struct AnyJSON: Decodable, Equatable {
    init(from decoder: any Decoder) throws {}
}
