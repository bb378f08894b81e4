import Domain
import Foundation
import MicrosoftIdentity
import Testing

@Suite struct AzureCloudTests {
    @Test func cloudsHaveTheirAuthorityAndExchangeScope() throws {
        #expect(try AzureCloud.named(nil) == .global)
        #expect(try AzureCloud.named("global").tokenEndpoint(tenant: "contoso.onmicrosoft.com").absoluteString
            == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
        #expect(try AzureCloud.named("gcc_high").authorityHost.absoluteString == "https://login.microsoftonline.us")
        #expect(try AzureCloud.named("GCC_HIGH").exchangeScope == "https://outlook.office365.us/.default")
        // DoD (US Government L5) shares GCC High's Entra ID, not its Exchange.
        #expect(try AzureCloud.named("dod").authorityHost.absoluteString == "https://login.microsoftonline.us")
        #expect(try AzureCloud.named("DoD").exchangeScope == "https://outlook-dod.office365.us/.default")
        #expect(try AzureCloud.named("china").authorityHost.absoluteString == "https://login.chinacloudapi.cn")
        #expect(try AzureCloud.named("china").exchangeScope == "https://partner.outlook.cn/.default")
        #expect(throws: MailSourceError.self) { try AzureCloud.named("germany") }
    }

    @Test func authorityHostOverrideMustBeHTTPSExceptOnLoopback() throws {
        let china = try AzureCloud.china.withAuthorityHost("https://login.partner.microsoftonline.cn/")
        #expect(china.tokenEndpoint(tenant: "t").absoluteString
            == "https://login.partner.microsoftonline.cn/t/oauth2/v2.0/token")
        #expect(china.exchangeScope == AzureCloud.china.exchangeScope)
        #expect(try AzureCloud.global.withAuthorityHost("http://127.0.0.1:8443").tokenEndpoint(tenant: "t")
            .absoluteString == "http://127.0.0.1:8443/t/oauth2/v2.0/token")
        #expect(try AzureCloud.global.withAuthorityHost("http://localhost:1").authorityHost.host == "localhost")
        for bad in ["http://login.example.com", "ftp://127.0.0.1", "login.example.com", "https://", ""] {
            #expect(throws: MailSourceError.self, "\(bad)") { try AzureCloud.global.withAuthorityHost(bad) }
        }
    }
}
