import Foundation

/// EWS responses in the shapes of Microsoft's reference pages (learn.microsoft.com "SyncFolderHierarchy
/// operation", "Synchronize folders/items by using EWS", "SyncFolderItems operation", "GetItem operation (email
/// message)", "GetFolder operation", "FindFolder operation", "GetAttachment operation", "EWS throttling in
/// Exchange") and of exchangelib's fault tests, with our own ids and values. They keep the quirks of those
/// samples: `s:` and `soap:` prefixes, default namespaces, `https` namespace URIs, a `Delete` inside
/// `EffectiveRights`, ids with a leading space.
enum WireFixtures {
    static let soap = #"xmlns:s="http://schemas.xmlsoap.org/soap/envelope/""#
    static let mt = #"""
        xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" \#
        xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
        """#
    static let serverVersion = #"""
        <s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" \#
        MinorBuildNumber="6" Version="V2017_07_11" \#
        xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>
        """#

    static let effectiveRights = """
        <t:EffectiveRights><t:CreateAssociated>true</t:CreateAssociated><t:CreateContents>true</t:CreateContents>
        <t:CreateHierarchy>true</t:CreateHierarchy><t:Delete>true</t:Delete><t:Modify>true</t:Modify>
        <t:Read>true</t:Read><t:ViewPrivateItems>true</t:ViewPrivateItems></t:EffectiveRights>
        """

    /// A hierarchy page with every change kind and folder kind; one display name holds `&#x1;`, one `&amp;`.
    static let syncFolderHierarchy = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope \(soap)>\(serverVersion)
          <s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
            <m:SyncFolderHierarchyResponse \(mt)>
              <m:ResponseMessages>
                <m:SyncFolderHierarchyResponseMessage ResponseClass="Success">
                  <m:ResponseCode>NoError</m:ResponseCode>
                  <m:SyncState>H4sIAAAAAAAEAO29B2AcSZYlJi9tynt/SvVK1+B0ZbNa</m:SyncState>
                  <m:IncludesLastFolderInRange>false</m:IncludesLastFolderInRange>
                  <m:Changes>
                    <t:Update>
                      <t:Folder>
                        <t:FolderId Id="AAMkAGRlYmQ1=" ChangeKey="AQAAABYAAAB2"/>
                        <t:ParentFolderId Id="AQMkAGRlYmQ1AAA=" ChangeKey="AQAAAA=="/>
                        <t:FolderClass>IPF.Note</t:FolderClass>
                        <t:DisplayName>Project &amp; Budget</t:DisplayName>
                        <t:TotalCount>3</t:TotalCount>
                        \(effectiveRights)
                        <t:UnreadCount>0</t:UnreadCount>
                      </t:Folder>
                    </t:Update>
                    <t:Create>
                      <t:Folder>
                        <t:FolderId Id="AAMkAGRlYmQ2=" ChangeKey="AQAAABYAAAB3"/>
                        <t:ParentFolderId Id="AAMkAGRlYmQ1=" ChangeKey="AQAAAA=="/>
                        <t:FolderClass>IPF.Note</t:FolderClass>
                        <t:DisplayName>Invoices&#x1; 2024&#1;</t:DisplayName>
                      </t:Folder>
                    </t:Create>
                    <t:Create><t:CalendarFolder><t:FolderId Id="CAL=" ChangeKey="CK1"/>
                      <t:ParentFolderId Id="ROOT=" ChangeKey="CK0"/><t:FolderClass>IPF.Appointment</t:FolderClass>
                      <t:DisplayName>Calendar</t:DisplayName></t:CalendarFolder></t:Create>
                    <t:Create><t:ContactsFolder><t:FolderId Id="CON=" ChangeKey="CK2"/>
                      <t:DisplayName>Contacts</t:DisplayName></t:ContactsFolder></t:Create>
                    <t:Create><t:SearchFolder><t:FolderId Id="SRCH=" ChangeKey="CK3"/>
                      <t:DisplayName>Unread Mail</t:DisplayName></t:SearchFolder></t:Create>
                    <t:Update><t:TasksFolder><t:FolderId Id="TSK=" ChangeKey="CK4"/>
                      <t:FolderClass>IPF.Task</t:FolderClass><t:DisplayName>Tasks</t:DisplayName>
                    </t:TasksFolder></t:Update>
                    <t:Delete>
                      <t:FolderId Id="AAMkAD/AAA=" ChangeKey="AQAAAA=="/>
                    </t:Delete>
                  </m:Changes>
                </m:SyncFolderHierarchyResponseMessage>
              </m:ResponseMessages>
            </m:SyncFolderHierarchyResponse>
          </s:Body>
        </s:Envelope>
        """

    /// The reference page's error response, with its `https` namespace URIs and default namespace.
    static let syncFolderHierarchyInvalidState = """
        <?xml version="1.0" encoding="utf-8" ?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <soap:Header>
            <t:ServerVersionInfo MajorVersion="8" MinorVersion="0" MajorBuildNumber="628" MinorBuildNumber="0"
                                 xmlns:t="https://schemas.microsoft.com/exchange/services/2006/types" />
          </soap:Header>
          <soap:Body>
            <SyncFolderHierarchyResponse xmlns:m="https://schemas.microsoft.com/exchange/services/2006/messages"
                                         xmlns:t="https://schemas.microsoft.com/exchange/services/2006/types"
                                         xmlns="https://schemas.microsoft.com/exchange/services/2006/messages">
              <m:ResponseMessages>
                <m:SyncFolderHierarchyResponseMessage ResponseClass="Error">
                  <m:MessageText>Synchronization state data is corrupted or otherwise invalid.</m:MessageText>
                  <m:ResponseCode>ErrorInvalidSyncStateData</m:ResponseCode>
                  <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
                  <m:SyncState />
                  <m:IncludesLastFolderInRange>true</m:IncludesLastFolderInRange>
                </m:SyncFolderHierarchyResponseMessage>
              </m:ResponseMessages>
            </SyncFolderHierarchyResponse>
          </soap:Body>
        </soap:Envelope>
        """

    /// A page of item changes: an update with a rich shape, creates of two item types, a read-flag change and a
    /// delete (ids with the reference page's leading space kept).
    static let syncFolderItems = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope \(soap)>\(serverVersion)
          <s:Body>
            <m:SyncFolderItemsResponse \(mt)>
              <m:ResponseMessages>
                <m:SyncFolderItemsResponseMessage ResponseClass="Success">
                  <m:ResponseCode>NoError</m:ResponseCode>
                  <m:SyncState>H4sIAAAAAAAEAO29B2AcSZY==</m:SyncState>
                  <m:IncludesLastItemInRange>false</m:IncludesLastItemInRange>
                  <m:Changes>
                    <t:Update>
                      <t:Message>
                        <t:ItemId Id="q04QAAAA==" ChangeKey="CQAAABYAAADZ"/>
                        <t:ParentFolderId Id="AgENAAAA" ChangeKey="AQAAAA=="/>
                        <t:ItemClass>IPM.Note</t:ItemClass>
                        <t:Subject>RE: Quarterly &#x1;numbers</t:Subject>
                        <t:DateTimeReceived>2024-03-01T09:15:00Z</t:DateTimeReceived>
                        \(effectiveRights)
                        <t:InternetMessageId>&lt;a1@mail.example.com&gt;</t:InternetMessageId>
                        <t:IsRead>true</t:IsRead>
                      </t:Message>
                    </t:Update>
                    <t:Create>
                      <t:Message><t:ItemId Id="AAMkADBh1==" ChangeKey="CQAAABYAAAB1"/></t:Message>
                    </t:Create>
                    <t:Create>
                      <t:MeetingRequest><t:ItemId Id="AQApAHRwA==" ChangeKey="CwAAABYA"/>
                        <t:Subject>Budget Q3</t:Subject></t:MeetingRequest>
                    </t:Create>
                    <t:ReadFlagChange>
                      <t:ItemId Id=" q07AAAAA==" ChangeKey="CQAAAA=="/>
                      <t:IsRead>true</t:IsRead>
                    </t:ReadFlagChange>
                    <t:ReadFlagChange>
                      <t:ItemId Id="q08AAAAA==" ChangeKey="CQAAAB=="/>
                      <t:IsRead>false</t:IsRead>
                    </t:ReadFlagChange>
                    <t:Delete>
                      <t:ItemId Id=" q1AwAAAA==" ChangeKey="CQAAAA=="/>
                    </t:Delete>
                  </m:Changes>
                </m:SyncFolderItemsResponseMessage>
              </m:ResponseMessages>
            </m:SyncFolderItemsResponse>
          </s:Body>
        </s:Envelope>
        """

    /// The 2007 reference page's shape: the operation response in the default namespace.
    static let syncFolderItemsDefaultNamespace = """
        <?xml version="1.0" encoding="utf-8" ?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Body>
            <SyncFolderItemsResponse xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
                                     xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
              <ResponseMessages>
                <SyncFolderItemsResponseMessage ResponseClass="Success">
                  <ResponseCode>NoError</ResponseCode>
                  <SyncState>H4sIAAAAA=</SyncState>
                  <IncludesLastItemInRange>true</IncludesLastItemInRange>
                  <Changes>
                    <t:Create><t:Item><t:ItemId Id="ITEM1" ChangeKey="CK"/></t:Item></t:Create>
                  </Changes>
                </SyncFolderItemsResponseMessage>
              </ResponseMessages>
            </SyncFolderItemsResponse>
          </soap:Body>
        </soap:Envelope>
        """

    /// A sync page refused for throttling inside an HTTP 200 answer: `ErrorInternalServerError` wrapping
    /// `ErrorServerBusy` with a back-off hint ("EWS throttling in Exchange", table 4).
    static let syncFolderItemsThrottled = """
        <s:Envelope \(soap)><s:Body><m:SyncFolderItemsResponse \(mt)><m:ResponseMessages>
          <m:SyncFolderItemsResponseMessage ResponseClass="Error">
            <m:MessageText>An internal server error occurred. The operation failed.</m:MessageText>
            <m:ResponseCode>ErrorInternalServerError</m:ResponseCode>
            <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
            <m:MessageXml>
              <t:Value Name="InnerErrorMessageText">The server cannot service this request right now.</t:Value>
              <t:Value Name="InnerErrorResponseCode">ErrorServerBusy</t:Value>
              <t:Value Name="InnerErrorDescriptiveLinkKey">0</t:Value>
              <t:Value Name="BackOffMilliseconds">30000</t:Value>
            </m:MessageXml>
            <m:SyncState/>
          </m:SyncFolderItemsResponseMessage>
        </m:ResponseMessages></m:SyncFolderItemsResponse></s:Body></s:Envelope>
        """
}
