extension WireFixtures {
    static let errorsNamespace = #"xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors""#
    static let typesNamespace = #"xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types""#

    /// exchangelib `tests/test_services.py` `test_error_server_busy` shape.
    static let faultServerBusy = """
        <?xml version='1.0' encoding='utf-8'?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
          <s:Body>
            <s:Fault>
              <faultcode \(typesNamespace)>a:ErrorServerBusy</faultcode>
              <faultstring xml:lang="en-US">The server cannot service this request right now. \
        Try again later.</faultstring>
              <detail>
                <e:ResponseCode \(errorsNamespace)>ErrorServerBusy</e:ResponseCode>
                <e:Message \(errorsNamespace)>The server cannot service this request right now. \
        Try again later.</e:Message>
                <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
                  <t:Value Name="BackOffMilliseconds">297749</t:Value>
                </t:MessageXml>
              </detail>
            </s:Fault>
          </s:Body>
        </s:Envelope>
        """

    /// A schema-validation fault as Exchange sends it for a malformed request.
    static let faultSchemaValidation = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
          <s:Body>
            <s:Fault>
              <faultcode \(typesNamespace)>a:ErrorSchemaValidation</faultcode>
              <faultstring xml:lang="en-US">The request failed schema validation: The element \
        'SyncFolderItems' has invalid child element 'MaxChanges'.</faultstring>
              <detail>
                <e:ResponseCode \(errorsNamespace)>ErrorSchemaValidation</e:ResponseCode>
                <e:Message \(errorsNamespace)>The request failed schema validation.</e:Message>
                <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
                  <t:LineNumber>2</t:LineNumber><t:LinePosition>630</t:LinePosition>
                  <t:Violation>The element 'SyncFolderItems' has invalid child element 'MaxChanges'.</t:Violation>
                </t:MessageXml>
              </detail>
            </s:Fault>
          </s:Body>
        </s:Envelope>
        """

    /// exchangelib `test_soap_error` shape: code only in `faultcode`, `detail` in the errors namespace.
    static let faultInvalidServerVersion = """
        <?xml version="1.0" encoding="utf-8" ?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Body>
            <soap:Fault>
              <faultcode \(typesNamespace)>a:ErrorInvalidServerVersion</faultcode>
              <faultstring>The specified server version is invalid.</faultstring>
              <faultactor>https://CAS01.example.com/EWS/Exchange.asmx</faultactor>
              <detail>
                <Message xmlns="http://schemas.microsoft.com/exchange/services/2006/errors">The specified server \
        version is invalid.</Message>
              </detail>
            </soap:Fault>
          </soap:Body>
        </soap:Envelope>
        """

    /// A plain SOAP client fault with no EWS code at all.
    static let faultClient = """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
        <faultcode>soap:Client</faultcode><faultstring>Bad request</faultstring></soap:Fault></soap:Body>
        </soap:Envelope>
        """

    /// What IIS answers when EWS itself is down: HTML, not XML.
    static let iisErrorPage = """
        <html><head><title>Server Error in '/EWS' Application.</title></head>
        <body><h1>Server Error in '/EWS' Application.<hr width=100% size=1 color=silver></h1><br></body></html>
        """
}
