import EWS
import EWSSimulator
import Testing

/// Requests as other clients write them: other prefixes, default namespaces, white space, header elements in
/// another order, properties the simulator doesn't know.
@Suite("Requests are read by namespace and local name")
struct RequestParsingTests {
    @Test func exchangelibShapedGetItemWithDefaultNamespacesAndImpersonation() async throws {
        try await Fixture.withSimulator { simulator, port in
            let mime = Fixture.message(42)
            let message = try simulator.addMessage(mime, mailbox: Fixture.alice)
            let id = try #require(simulator.itemID(of: message))
            let body = """
                <?xml version='1.0' encoding='utf-8'?>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:typ="http://schemas.microsoft.com/exchange/services/2006/types">
                  <soap:Header>
                    <typ:ExchangeImpersonation>
                      <typ:ConnectingSID>
                        <typ:PrimarySmtpAddress>  \(Fixture.alice.uppercased())  </typ:PrimarySmtpAddress>
                      </typ:ConnectingSID>
                    </typ:ExchangeImpersonation>
                    <typ:TimeZoneContext><typ:TimeZoneDefinition Id="UTC"/></typ:TimeZoneContext>
                    <typ:RequestServerVersion Version="Exchange2016"/>
                  </soap:Header>
                  <soap:Body>
                    <GetItem xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
                      <ItemShape>
                        <typ:BaseShape>IdOnly</typ:BaseShape>
                        <typ:AdditionalProperties>
                          <typ:FieldURI FieldURI="item:MimeContent"/>
                          <typ:FieldURI FieldURI="item:Categories"/>
                          <typ:FieldURI FieldURI="message:InternetMessageId"/>
                        </typ:AdditionalProperties>
                      </ItemShape>
                      <ItemIds>
                        <typ:ItemId Id="\(id)"/>
                      </ItemIds>
                    </GetItem>
                  </soap:Body>
                </soap:Envelope>
                """
            let answer = try await TestHTTPConnection.with(port: port) { connection in
                try await connection.send(
                    headers: [
                        ("Content-Type", "text/xml; charset=utf-8"), ("X-AnchorMailbox", Fixture.alice),
                        ("Authorization", Fixture.basic("svc-sync@contoso.com", Fixture.servicePassword)),
                    ],
                    body: Array(body.utf8)
                )
            }
            #expect(answer.status == 200)
            let item = try #require(try EWSResponseParser.parseGetItem(answer.body).messages?.first?.item)
            #expect(item.mimeContent == mime)
            #expect(item.internetMessageID == "<msg42@example.com>")
            #expect(item.size == nil)
        }
    }

    @Test func answersCarryTheDocumentedEnvelope() async throws {
        try await Fixture.withSimulator { _, port in
            let answer = try await TestHTTPConnection.with(port: port) { connection in
                try await TestEWSSession(
                    connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword)
                ).send(EWSRequestBuilder(version: .exchange2016).syncFolderHierarchy(syncState: nil))
            }
            #expect(answer.header("Content-Type").first?.hasPrefix("text/xml") == true)
            let text = answer.text
            #expect(text.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?><s:Envelope"#))
            #expect(text.contains(#"<s:Header><t:ServerVersionInfo MajorVersion="15" MinorVersion="1""#))
            let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
            #expect(text.contains(#"<m:SyncFolderHierarchyResponse xmlns:m="\#(messages)""#))
            #expect(
                text.contains(
                    #"<m:ResponseMessages><m:SyncFolderHierarchyResponseMessage ResponseClass="Success">"#
                        + "<m:ResponseCode>NoError</m:ResponseCode>"
                ))
        }
    }

    @Test func malformedXMLIsASchemaFault() async throws {
        try await Fixture.withSimulator { _, port in
            let answer = try await TestHTTPConnection.with(port: port) { connection in
                try await TestEWSSession(
                    connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword)
                ).send(body: Array("<soap:Envelope><oops>".utf8))
            }
            #expect(answer.status == 500)
            #expect(try EWSResponseParser.parseGetItem(answer.body).fault?.responseCode == .errorSchemaValidation)
        }
    }
}
