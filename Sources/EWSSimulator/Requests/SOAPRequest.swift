/// A decoded EWS request: the operation element of the body and what the SOAP header says.
///
/// Elements are matched by local name, so any prefix or default namespace works; header elements may come in
/// any order, and unknown header elements (`TimeZoneContext`, `DateTimePrecision`, …) are ignored as Exchange
/// does for those it does not need.
struct SOAPRequest: Sendable {
    /// The local name of the body's operation element, such as `SyncFolderItems`.
    var operation: String
    var body: XMLNode
    /// `RequestServerVersion Version`, when sent.
    var requestServerVersion: String?
    /// The mailbox named by `ExchangeImpersonation/ConnectingSID`, when sent.
    var impersonation: ImpersonationTarget?

    enum ImpersonationTarget: Sendable, Hashable {
        case smtpAddress(String)
        case principalName(String)
        case sid(String)
    }

    struct DecodingError: Error, Sendable {
        var reason: String
    }

    init(_ root: XMLNode) throws(DecodingError) {
        guard root.name == "Envelope" else { throw DecodingError(reason: "not a SOAP envelope") }
        guard let body = root.child("Body"), let operation = body.children.first else {
            throw DecodingError(reason: "no operation in the SOAP body")
        }
        self.operation = operation.name
        self.body = operation
        let header = root.child("Header")
        requestServerVersion = header?.child("RequestServerVersion")?.attribute("Version")
        if let sid = header?.child("ExchangeImpersonation")?.child("ConnectingSID") {
            if let smtp = sid.child("PrimarySmtpAddress") ?? sid.child("SmtpAddress") {
                impersonation = .smtpAddress(smtp.trimmedText)
            } else if let principal = sid.child("PrincipalName") {
                impersonation = .principalName(principal.trimmedText)
            } else if let value = sid.child("SID") {
                impersonation = .sid(value.trimmedText)
            } else {
                throw DecodingError(reason: "ConnectingSID names nobody")
            }
        }
    }

    /// The schema versions Exchange 2016 accepts (exchangelib `version.py`, "RequestServerVersion").
    static let knownVersions: Set<String> = [
        "Exchange2007", "Exchange2007_SP1", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2",
        "Exchange2013", "Exchange2013_SP1", "Exchange2015", "Exchange2016", "V2015_10_05", "V2016_01_06",
        "V2016_04_13", "V2016_07_13", "V2016_10_10", "V2017_01_07", "V2017_04_14", "V2017_07_11",
    ]
}

/// Which item properties a request asks for (`ItemShape`): the base shape, `IncludeMimeContent` and the
/// `AdditionalProperties` field URIs, with unknown ones ignored.
struct ItemShape: Sendable {
    var baseShape = "IdOnly"
    var includeMimeContent = false
    var fieldURIs: Set<String> = []
    /// `ExtendedFieldURI PropertyTag` values asked for, lower-cased (`0x300b`).
    var extendedTags: Set<String> = []
    /// `BodyType`: Best (HTML when there is one), HTML or Text.
    var bodyType = "Best"

    init(_ node: XMLNode?) {
        guard let node else { return }
        if let base = node.child("BaseShape") { baseShape = base.trimmedText }
        if let type = node.child("BodyType")?.trimmedText, !type.isEmpty { bodyType = type }
        if let include = node.child("IncludeMimeContent") { includeMimeContent = include.isTrue }
        for property in node.child("AdditionalProperties")?.children ?? [] {
            if property.name == "FieldURI", let uri = property.attribute("FieldURI") {
                fieldURIs.insert(uri)
            } else if property.name == "ExtendedFieldURI", let tag = property.attribute("PropertyTag") {
                extendedTags.insert(tag.lowercased())
            }
        }
        if fieldURIs.contains("item:MimeContent") { includeMimeContent = true }
    }

    /// Whether a property is in the shape: named in AdditionalProperties, or part of Default/AllProperties.
    func includes(_ uri: String) -> Bool {
        if fieldURIs.contains(uri) { return true }
        switch baseShape {
        case "AllProperties": return true
        case "Default":
            return [
                "item:Subject", "item:HasAttachments", "item:DateTimeReceived", "message:IsRead",
                "item:Size", "item:ItemClass",
            ].contains(uri)
        default: return false
        }
    }
}

/// Which folder properties a request asks for (`FolderShape`).
struct FolderShape: Sendable {
    var baseShape = "IdOnly"
    var fieldURIs: Set<String> = []

    init(_ node: XMLNode?) {
        guard let node else { return }
        if let base = node.child("BaseShape") { baseShape = base.trimmedText }
        for property in node.child("AdditionalProperties")?.children(named: "FieldURI") ?? [] {
            if let uri = property.attribute("FieldURI") { fieldURIs.insert(uri) }
        }
    }

    func includes(_ uri: String) -> Bool {
        if fieldURIs.contains(uri) { return true }
        switch baseShape {
        case "AllProperties": return true
        case "Default":
            return [
                "folder:DisplayName", "folder:TotalCount", "folder:ChildFolderCount",
                "folder:UnreadCount",
            ].contains(uri)
        default: return false
        }
    }
}

extension XMLNode {
    func children(named name: String) -> [XMLNode] { children(name) }
}
