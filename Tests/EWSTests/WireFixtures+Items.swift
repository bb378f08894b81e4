import Foundation

extension WireFixtures {
    /// A message with CRLF line ends, 8-bit text and every byte value, to check MIME comes back exact.
    static let mimeMessage: [UInt8] = {
        let header = """
            From: Ann <ann@example.com>\r
            To: Bob <bob@example.com>\r
            Subject: =?utf-8?q?Caf=C3=A9?=\r
            Message-ID: <m1@mail.example.com>\r
            Content-Type: application/octet-stream\r
            Content-Transfer-Encoding: binary\r
            \r

            """
        return Array(header.utf8) + (0...255).map { UInt8($0) } + Array("\r\n".utf8)
    }()

    /// A GetItem batch of four: one message with MIME (base64 wrapped at 76 columns, as Exchange does), a
    /// warning, a per-item error, and a per-item throttling error with a back-off hint.
    static func getItemBatch(mime: [UInt8] = mimeMessage) -> String {
        let base64 = Data(mime).base64EncodedString(options: .lineLength76Characters)
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <s:Envelope \(soap)>\(serverVersion)
              <s:Body>
                <m:GetItemResponse \(mt)>
                  <m:ResponseMessages>
                    <m:GetItemResponseMessage ResponseClass="Success">
                      <m:ResponseCode>NoError</m:ResponseCode>
                      <m:Items>
                        <t:Message>
                          <t:MimeContent CharacterSet="UTF-8">\(base64)</t:MimeContent>
                          <t:ItemId Id="AAMkAGI2TG93AAA=" ChangeKey="CQAAABYAAAB"/>
                          <t:ParentFolderId Id="AAMkAGI2AAEMAAA=" ChangeKey="AQAAAA=="/>
                          <t:Subject>Caf&#xE9; &#x1;menu</t:Subject>
                          <t:DateTimeReceived>2024-02-29T23:59:58Z</t:DateTimeReceived>
                          <t:Size>4213</t:Size>
                          <t:HasAttachments>true</t:HasAttachments>
                          <t:InternetMessageId>&lt;m1@mail.example.com&gt;</t:InternetMessageId>
                        </t:Message>
                      </m:Items>
                    </m:GetItemResponseMessage>
                    <m:GetItemResponseMessage ResponseClass="Warning">
                      <m:MessageText>The message contains data that could not be converted.</m:MessageText>
                      <m:ResponseCode>ErrorMimeContentConversionFailed</m:ResponseCode>
                      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
                      <m:Items>
                        <t:Message><t:ItemId Id="AAMkAGI2TG94AAA=" ChangeKey="CQAAABYAAAC"/>
                          <t:Size>77</t:Size></t:Message>
                      </m:Items>
                    </m:GetItemResponseMessage>
                    <m:GetItemResponseMessage ResponseClass="Error">
                      <m:MessageText>The specified object was not found in the store.</m:MessageText>
                      <m:ResponseCode>ErrorItemNotFound</m:ResponseCode>
                      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
                      <m:Items/>
                    </m:GetItemResponseMessage>
                    <m:GetItemResponseMessage ResponseClass="Error">
                      <m:MessageText>The server cannot service this request right now. Try again later.</m:MessageText>
                      <m:ResponseCode>ErrorServerBusy</m:ResponseCode>
                      <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
                      <m:MessageXml><t:Value Name="BackOffMilliseconds">2500</t:Value></m:MessageXml>
                      <m:Items/>
                    </m:GetItemResponseMessage>
                  </m:ResponseMessages>
                </m:GetItemResponse>
              </s:Body>
            </s:Envelope>
            """
    }

    /// GetFolder for a delegate's inbox and a bad id (reference page's error shape, with its `MessageXml`).
    static let getFolder = """
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Body>
            <GetFolderResponse \(mt) xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
              <m:ResponseMessages>
                <m:GetFolderResponseMessage ResponseClass="Success">
                  <m:ResponseCode>NoError</m:ResponseCode>
                  <m:Folders>
                    <t:Folder>
                      <t:FolderId Id="AQApA=" ChangeKey="AQAAAB"/>
                      <t:ParentFolderId Id="AQAoA=" ChangeKey="AQAAAA"/>
                      <t:FolderClass>IPF.Note</t:FolderClass>
                      <t:DisplayName>Inbox&#x1F;</t:DisplayName>
                    </t:Folder>
                  </m:Folders>
                </m:GetFolderResponseMessage>
                <m:GetFolderResponseMessage ResponseClass="Error">
                  <m:MessageText>Id is malformed.</m:MessageText>
                  <m:ResponseCode>ErrorInvalidIdMalformed</m:ResponseCode>
                  <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
                  <m:MessageXml><t:FieldURI FieldURI="folder:FolderId"/></m:MessageXml>
                  <m:Folders/>
                </m:GetFolderResponseMessage>
              </m:ResponseMessages>
            </GetFolderResponse>
          </soap:Body>
        </soap:Envelope>
        """

    /// One page of a deep FindFolder listing, with more pages to come.
    static let findFolder = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope \(soap)><s:Body>
          <m:FindFolderResponse \(mt)>
            <m:ResponseMessages>
              <m:FindFolderResponseMessage ResponseClass="Success">
                <m:ResponseCode>NoError</m:ResponseCode>
                <m:RootFolder IndexedPagingOffset="3" TotalItemsInView="7" IncludesLastItemInRange="false">
                  <t:Folders>
                    <t:Folder><t:FolderId Id="F1" ChangeKey="C1"/><t:ParentFolderId Id="TOP" ChangeKey="C0"/>
                      <t:FolderClass>IPF.Note</t:FolderClass><t:DisplayName>Inbox</t:DisplayName></t:Folder>
                    <t:CalendarFolder><t:FolderId Id="F2" ChangeKey="C2"/><t:ParentFolderId Id="TOP"/>
                      <t:FolderClass>IPF.Appointment</t:FolderClass><t:DisplayName>Calendar</t:DisplayName>
                    </t:CalendarFolder>
                    <t:Folder><t:FolderId Id="F3" ChangeKey="C3"/><t:ParentFolderId Id="F1" ChangeKey="C1"/>
                      <t:DisplayName>Receipts</t:DisplayName></t:Folder>
                  </t:Folders>
                </m:RootFolder>
              </m:FindFolderResponseMessage>
            </m:ResponseMessages>
          </m:FindFolderResponse>
        </s:Body></s:Envelope>
        """

    /// A file attachment, an item attachment with MIME, and a missing one.
    static let getAttachment = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope \(soap)><s:Body>
          <m:GetAttachmentResponse \(mt)>
            <m:ResponseMessages>
              <m:GetAttachmentResponseMessage ResponseClass="Success">
                <m:ResponseCode>NoError</m:ResponseCode>
                <m:Attachments>
                  <t:FileAttachment>
                    <t:AttachmentId Id="AAAtAEFkbWluaX1="/>
                    <t:Name>report &lt;final&gt;.pdf</t:Name>
                    <t:ContentType>application/pdf</t:ContentType>
                    <t:Content>AQIDBAU=</t:Content>
                  </t:FileAttachment>
                </m:Attachments>
              </m:GetAttachmentResponseMessage>
              <m:GetAttachmentResponseMessage ResponseClass="Success">
                <m:ResponseCode>NoError</m:ResponseCode>
                <m:Attachments>
                  <t:ItemAttachment>
                    <t:AttachmentId Id="AAAtAEFkbWluaX2="/>
                    <t:Name>Forwarded</t:Name>
                    <t:Message><t:MimeContent CharacterSet="UTF-8">U3ViamVjdDogaGkNCg0KYm9keQ==</t:MimeContent>
                      <t:ItemId Id="inner"/><t:Subject>hi</t:Subject></t:Message>
                  </t:ItemAttachment>
                </m:Attachments>
              </m:GetAttachmentResponseMessage>
              <m:GetAttachmentResponseMessage ResponseClass="Error">
                <m:MessageText>The specified object was not found in the store.</m:MessageText>
                <m:ResponseCode>ErrorItemNotFound</m:ResponseCode>
                <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
                <m:Attachments/>
              </m:GetAttachmentResponseMessage>
            </m:ResponseMessages>
          </m:GetAttachmentResponse>
        </s:Body></s:Envelope>
        """
}
