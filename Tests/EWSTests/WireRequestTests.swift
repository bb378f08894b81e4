import Testing

@testable import EWS

@Suite("EWS request builders")
struct WireRequestTests {
    let own = EWSRequestBuilder(version: .exchange2013SP1)
    let delegate = EWSRequestBuilder(version: .exchange2010SP2, access: .delegate(smtpAddress: "ann@contoso.com"))
    let impersonation = EWSRequestBuilder(
        version: .exchange2016,
        access: .impersonation(smtpAddress: "bob@contoso.com")
    )

    /// Parses the body (which proves it well-formed with every prefix declared) and checks the frame.
    func envelope(_ request: EWSRequest, sourceLocation: SourceLocation = #_sourceLocation) throws -> WireXMLNode {
        let root = try #require(WireXMLNode.parse(request.body), "not well-formed", sourceLocation: sourceLocation)
        #expect(root.name == "Envelope" && root.namespace == WireNamespace.soap, sourceLocation: sourceLocation)
        let operation = try #require(root.first("Body/\(request.operation.rawValue)"), sourceLocation: sourceLocation)
        #expect(operation.namespace == WireNamespace.messages, sourceLocation: sourceLocation)
        return root
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("every server version is sent as its schema name", arguments: EWSServerVersion.allCases)
    func serverVersion(_ version: EWSServerVersion) throws {
        let root = try envelope(EWSRequestBuilder(version: version).syncFolderHierarchy(syncState: nil))
        let header = try #require(root.first("Header/RequestServerVersion"))
        #expect(header.namespace == WireNamespace.types)
        #expect(header.attributes["Version"] == version.rawValue)
        #expect(root.first("Header/ExchangeImpersonation") == nil)
    }

    @Test func impersonationHeaderAndAnchorMailbox() throws {
        let request = impersonation.syncFolderHierarchy(syncState: nil)
        let root = try envelope(request)
        let smtp = try #require(root.first("Header/ExchangeImpersonation/ConnectingSID/PrimarySmtpAddress"))
        #expect(smtp.text == "bob@contoso.com")
        #expect(request.headers.contains { $0.name == "X-AnchorMailbox" && $0.value == "bob@contoso.com" })
        // Impersonation names the mailbox in the header, not in folder ids.
        #expect(root.first("Body/SyncFolderHierarchy/SyncFolderId/DistinguishedFolderId/Mailbox") == nil)
    }

    @Test func httpHeaders() throws {
        let headers = try own.getFolders([.distinguished(.inbox)]).headers
        let names = headers.map(\.name)
        #expect(headers.first { $0.name == "Content-Type" }?.value == "text/xml; charset=utf-8")
        #expect(!names.contains("SOAPAction"))
        #expect(!names.contains("X-AnchorMailbox"))
        #expect(!delegate.httpHeaders.contains { $0.name == "X-AnchorMailbox" })
    }

    @Test func anchorMailboxCannotInjectHeaderLines() {
        let access = EWSMailboxAccess.impersonation(smtpAddress: "a@b.c\r\nX-Evil: 1")
        let builder = EWSRequestBuilder(version: .exchange2016, access: access)
        #expect(builder.httpHeaders.first { $0.name == "X-AnchorMailbox" }?.value == "a@b.cX-Evil: 1")
    }

    @Test func syncFolderHierarchy() throws {
        let root = try envelope(delegate.syncFolderHierarchy(syncState: "H4sIAAA="))
        let operation = try #require(root.first("Body/SyncFolderHierarchy"))
        #expect(operation.children.map(\.name) == ["FolderShape", "SyncFolderId", "SyncState"])
        #expect(operation.first("FolderShape/BaseShape")?.text == "IdOnly")
        let uris = operation.all("FolderShape/AdditionalProperties/FieldURI").compactMap { $0.attributes["FieldURI"] }
        #expect(uris == ["folder:DisplayName", "folder:ParentFolderId", "folder:FolderClass"])
        let folder = try #require(operation.first("SyncFolderId/DistinguishedFolderId"))
        #expect(folder.attributes["Id"] == "msgfolderroot")
        #expect(folder.first("Mailbox/EmailAddress")?.text == "ann@contoso.com")
        #expect(operation.first("SyncState")?.text == "H4sIAAA=")
    }

    @Test func firstSyncSendsNoState() throws {
        for state in [nil, ""] as [String?] {
            let root = try envelope(own.syncFolderHierarchy(syncState: state))
            #expect(root.first("Body/SyncFolderHierarchy/SyncState") == nil)
            let items = try envelope(own.syncFolderItems(folder: .distinguished(.inbox), syncState: state))
            #expect(items.first("Body/SyncFolderItems/SyncState") == nil)
        }
    }

    @Test func syncFolderItems() throws {
        let folder = EWSFolderID(id: "AAMkAD+/=", changeKey: "AQAAAA==")
        let request = try own.syncFolderItems(folder: .id(folder), syncState: "H4sI", maxChangesReturned: 100)
        let operation = try #require(try envelope(request).first("Body/SyncFolderItems"))
        #expect(operation.children.map(\.name) == [
            "ItemShape", "SyncFolderId", "SyncState", "MaxChangesReturned", "SyncScope",
        ])
        #expect(operation.first("ItemShape/BaseShape")?.text == "IdOnly")
        #expect(operation.first("SyncFolderId/FolderId")?.attributes == ["Id": "AAMkAD+/=", "ChangeKey": "AQAAAA=="])
        #expect(operation.first("MaxChangesReturned")?.text == "100")
        #expect(operation.first("SyncScope")?.text == "NormalItems")
    }

    @Test("MaxChangesReturned must be 1…512", arguments: [0, -1, 513, 10_000])
    func maxChangesOutOfRange(_ value: Int) {
        #expect(throws: EWSRequestError.valueOutOfRange) {
            try own.syncFolderItems(folder: .distinguished(.inbox), syncState: nil, maxChangesReturned: value)
        }
    }

    @Test func getItemWithMime() throws {
        let ids = [EWSItemID(id: "AAMk1", changeKey: "CQ1"), EWSItemID(id: "AAMk2")]
        let operation = try #require(try envelope(own.getItems(ids)).first("Body/GetItem"))
        #expect(operation.children.map(\.name) == ["ItemShape", "ItemIds"])
        #expect(operation.first("ItemShape/BaseShape")?.text == "IdOnly")
        let uris = operation.all("ItemShape/AdditionalProperties/FieldURI").compactMap { $0.attributes["FieldURI"] }
        #expect(uris == [
            "item:MimeContent", "message:InternetMessageId", "item:ParentFolderId", "item:DateTimeReceived",
            "item:HasAttachments", "item:Size", "message:IsRead",
        ])
        #expect(operation.all("ItemIds/ItemId").map(\.attributes) == [
            ["Id": "AAMk1", "ChangeKey": "CQ1"], ["Id": "AAMk2"],
        ])
    }

    @Test func getItemWithoutMime() throws {
        let operation = try #require(
            try envelope(own.getItems([EWSItemID(id: "x")], properties: .metadata)).first("Body/GetItem")
        )
        let uris = operation.all("ItemShape/AdditionalProperties/FieldURI").compactMap { $0.attributes["FieldURI"] }
        #expect(!uris.contains("item:MimeContent"))
        #expect(uris.contains("message:InternetMessageId"))
    }

    @Test func getFolderByIdAndDistinguishedWithMailbox() throws {
        let request = try delegate.getFolders([.id(EWSFolderID(id: "F1")), .distinguished(.inbox)])
        let operation = try #require(try envelope(request).first("Body/GetFolder"))
        #expect(operation.children.map(\.name) == ["FolderShape", "FolderIds"])
        #expect(operation.first("FolderIds/FolderId")?.attributes == ["Id": "F1"])
        let inbox = try #require(operation.first("FolderIds/DistinguishedFolderId"))
        #expect(inbox.attributes["Id"] == "inbox")
        #expect(inbox.first("Mailbox/EmailAddress")?.text == "ann@contoso.com")
        let uris = operation.all("FolderShape/AdditionalProperties/FieldURI").compactMap { $0.attributes["FieldURI"] }
        #expect(uris.contains("folder:DisplayName") && uris.contains("folder:ParentFolderId"))
    }

    @Test func findFolderDeepFromRootWithPaging() throws {
        let root = try envelope(own.findFolders(offset: 200, maxEntries: 100))
        let operation = try #require(root.first("Body/FindFolder"))
        #expect(operation.attributes["Traversal"] == "Deep")
        #expect(operation.children.map(\.name) == ["FolderShape", "IndexedPageFolderView", "ParentFolderIds"])
        #expect(operation.first("IndexedPageFolderView")?.attributes == [
            "MaxEntriesReturned": "100", "Offset": "200", "BasePoint": "Beginning",
        ])
        #expect(operation.first("ParentFolderIds/DistinguishedFolderId")?.attributes["Id"] == "msgfolderroot")
        #expect(throws: EWSRequestError.valueOutOfRange) { try own.findFolders(offset: -1) }
        #expect(throws: EWSRequestError.valueOutOfRange) { try own.findFolders(maxEntries: 0) }
    }

    @Test func getAttachment() throws {
        let operation = try #require(try envelope(own.getAttachments(["A1", "A2"])).first("Body/GetAttachment"))
        #expect(operation.children.map(\.name) == ["AttachmentShape", "AttachmentIds"])
        #expect(operation.all("AttachmentIds/AttachmentId").compactMap { $0.attributes["Id"] } == ["A1", "A2"])
    }

    @Test func emptyIDListsAreRefused() {
        #expect(throws: EWSRequestError.emptyIDList) { try own.getItems([]) }
        #expect(throws: EWSRequestError.emptyIDList) { try own.getFolders([]) }
        #expect(throws: EWSRequestError.emptyIDList) { try own.getAttachments([]) }
    }

    @Test("markup characters in values are escaped and come back intact")
    func escaping() throws {
        let nasty = #"<a href="x">&'amp;</a> ]]> é 😀"#
        let builder = EWSRequestBuilder(version: .exchange2016, access: .impersonation(smtpAddress: nasty))
        let request = try builder.syncFolderItems(
            folder: .id(EWSFolderID(id: nasty, changeKey: "\t\n\r'\"")),
            syncState: nasty
        )
        let body = text(request.body)
        #expect(body.contains("&lt;a href=&quot;x&quot;&gt;&amp;&apos;amp;&lt;/a&gt; ]]&gt; é 😀"))
        #expect(!body.contains("<a href"))
        let root = try envelope(request)
        #expect(root.first("Header/ExchangeImpersonation/ConnectingSID/PrimarySmtpAddress")?.text == nasty)
        #expect(root.first("Body/SyncFolderItems/SyncState")?.text == nasty)
        let folder = try #require(root.first("Body/SyncFolderItems/SyncFolderId/FolderId"))
        #expect(folder.attributes["Id"] == nasty)
        #expect(folder.attributes["ChangeKey"] == "\t\n\r'\"")
    }

    @Test func charactersXMLCannotCarryAreLeftOut() throws {
        let request = own.syncFolderHierarchy(syncState: "a\u{1}b\u{FFFE}c\u{0}")
        let root = try envelope(request)
        #expect(root.first("Body/SyncFolderHierarchy/SyncState")?.text == "abc")
    }

    @Test("the canonical output is compact and byte-stable")
    func canonicalOutput() throws {
        let body = text(try own.getItems([EWSItemID(id: "I1", changeKey: "C1")], properties: [.size]).body)
        #expect(body == """
            <?xml version="1.0" encoding="utf-8"?><soap:Envelope \
            xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" \
            xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><soap:Header>\
            <t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header><soap:Body><m:GetItem><m:ItemShape>\
            <t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Size"/>\
            </t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="I1" ChangeKey="C1"/></m:ItemIds>\
            </m:GetItem></soap:Body></soap:Envelope>
            """)
    }
}
