import MicrosoftIdentity
import Testing

@Suite struct FormURLEncodingTests {
    @Test func reservedCharactersAreEscapedAndSpaceIsPlus() {
        let body = FormURLEncoding.encode([
            ("scope", "https://outlook.office365.com/.default"),
            ("client_secret", "a+b/c=d&e f~ü*-._"),
        ])
        #expect(body == "scope=https%3A%2F%2Foutlook.office365.com%2F.default"
            + "&client_secret=a%2Bb%2Fc%3Dd%26e+f%7E%C3%BC*-._")
    }

    @Test func decodingGivesBackThePairsInOrder() throws {
        let fields = [("grant_type", "client_credentials"), ("client_secret", "x+y z&=%"), ("empty", "")]
        let decoded = try #require(FormURLEncoding.decode(FormURLEncoding.encode(fields)))
        #expect(decoded.map(\.0) == fields.map(\.0))
        #expect(decoded.map(\.1) == fields.map(\.1))
    }

    @Test func malformedEscapesAreRefused() {
        #expect(FormURLEncoding.decode("a=%ZZ") == nil)
        #expect(FormURLEncoding.decode("a=%C3") == nil)
    }
}
