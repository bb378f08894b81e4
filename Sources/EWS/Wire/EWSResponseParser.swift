import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses EWS response bodies into typed values, streaming with XMLParser: memory is one response's bytes plus
/// the values kept (decoded MIME included), never a DOM.
///
/// Every parser first prepares the bytes (``ResponsePreprocessor``: references to characters XML 1.0 forbids,
/// which Exchange sends in subjects and names, go; base64 content is decoded outside XMLParser), then reads
/// either the operation's response messages or a SOAP fault. A fault is an
/// answer, not an error: it comes back as ``EWSResponse/fault(_:)``.
public enum EWSResponseParser {
    /// - Throws: ``EWSParseError`` when the body is not a SOAP answer to SyncFolderHierarchy.
    public static func parseSyncFolderHierarchy(
        _ body: [UInt8]
    ) throws(EWSParseError) -> EWSResponse<EWSSyncFolderHierarchyResponse> {
        try parse(body, with: SyncFolderHierarchyHandler.self)
    }

    /// - Throws: ``EWSParseError`` when the body is not a SOAP answer to SyncFolderItems.
    public static func parseSyncFolderItems(
        _ body: [UInt8]
    ) throws(EWSParseError) -> EWSResponse<EWSSyncFolderItemsResponse> {
        try parse(body, with: SyncFolderItemsHandler.self)
    }

    /// One message per requested id, in request order; a failed item is a message with an error status.
    /// - Throws: ``EWSParseError`` when the body is not a SOAP answer to GetItem, or a `MimeContent` is not
    ///   valid base64.
    public static func parseGetItem(_ body: [UInt8]) throws(EWSParseError) -> EWSResponse<EWSGetItemResponse> {
        try parse(body, with: GetItemHandler.self)
    }

    /// - Throws: ``EWSParseError`` when the body is not a SOAP answer to GetFolder.
    public static func parseGetFolder(_ body: [UInt8]) throws(EWSParseError) -> EWSResponse<EWSGetFolderResponse> {
        try parse(body, with: GetFolderHandler.self)
    }

    /// - Throws: ``EWSParseError`` when the body is not a SOAP answer to FindFolder.
    public static func parseFindFolder(
        _ body: [UInt8]
    ) throws(EWSParseError) -> EWSResponse<EWSFindFolderResponse> {
        try parse(body, with: FindFolderHandler.self)
    }

    /// - Throws: ``EWSParseError`` when the body is not a SOAP answer to GetAttachment, or content is not
    ///   valid base64.
    public static func parseGetAttachment(
        _ body: [UInt8]
    ) throws(EWSParseError) -> EWSResponse<EWSGetAttachmentResponse> {
        try parse(body, with: GetAttachmentHandler.self)
    }

    static func parse<Handler: ResponseMessageHandler>(
        _ body: [UInt8],
        with handler: Handler.Type
    ) throws(EWSParseError) -> EWSResponse<Handler.Message> {
        guard !body.isEmpty else { throw .malformed("empty body") }
        var prepared = ResponsePreprocessor.run(body)
        guard !prepared.hasDocumentTypeDeclaration else { throw .documentTypeDeclaration }
        guard !prepared.hasProcessingInstruction else { throw .malformed("processing instruction") }
        let parser = XMLParser(data: prepared.data)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let reader = ResponseReader<Handler>(blobs: prepared.blobs)
        prepared.blobs = []
        parser.delegate = reader
        let finished = parser.parse()
        if let error = reader.error { throw error }
        guard finished else {
            let code = parser.parserError.map { String(($0 as NSError).code) } ?? "?"
            throw .malformed("XMLParser error \(code) at line \(parser.lineNumber)")
        }
        return try reader.result()
    }
}
