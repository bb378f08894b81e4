@testable import EWS
import Foundation
import Testing

/// RFC 5929 §4.1: "tls-server-end-point" hashes the certificate with its signature algorithm's hash, SHA-256 for
/// MD5 and SHA-1. Self-signed certificates made with openssl (`req -x509 -newkey ec -sha1|-sha384|-sha512`).
@Suite struct CertificateSignatureHashTests {
    /// ecdsa-with-SHA1: SHA-1 is replaced by SHA-256.
    static let ecdsaWithSHA1 = certificate(
        "MIIBbDCCARSgAwIBAgIUaGUfbfzewwW/RpRPpD7XShwXNKIwCQYHKoZIzj0EATAMMQowCAYDVQQDDAF0MCAXDTI2MTEyODA5",
        "NDYyOVoYDzIxMjYxMTA0MDk0NjI5WjAMMQowCAYDVQQDDAF0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEDsnKaaj2P1b/",
        "dA7IgZv1aOtKLBerXFMQa5k0Vige7qfqbCu0rrWUhb38o3jVxlrEbzgT/0Iwmw+9dyvgJu+W/qNTMFEwHQYDVR0OBBYEFLD4",
        "gBVDwH3++Qtopv8nj+B99XThMB8GA1UdIwQYMBaAFLD4gBVDwH3++Qtopv8nj+B99XThMA8GA1UdEwEB/wQFMAMBAf8wCQYH",
        "KoZIzj0EAQNHADBEAiBk/Rs91ZKHX3ecNjfo3PBBEHDCGEhYivoILa0gA7S+7QIgVsiFzwKviLwC0Ai4Fv0VN4FNjE9mFDKY",
        "2iSORI6O8Yk="
    )

    /// ecdsa-with-SHA256 (the simulator's P-256 certificate).
    static let ecdsaWithSHA256 = certificate(
        "MIIBjzCCATagAwIBAgIUORyq4tyWnlx5qhNG03yeaHvRIwgwCgYIKoZIzj0EAwIwFDESMBAGA1UEAwwJMTI3LjAuMC4xMCAX",
        "DTI2MTEyODA5NDM1MFoYDzIxMjYxMTA0MDk0MzUwWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO",
        "PQMBBwNCAAQCwvkvpSFwVLOIhMe7wttMTuyLBDBr/qiVGooDoY8EhzBihOLU8aKWc7iovHXvEpOnT8OXPPwa0uOP3NbOEeMd",
        "o2QwYjAdBgNVHQ4EFgQU2rh0Z3TOSitxItZK7NJtGMAtzQswHwYDVR0jBBgwFoAU2rh0Z3TOSitxItZK7NJtGMAtzQswDwYD",
        "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQCIA7Z+I6m6C6fg3C0RriKce9j5dp/6R73",
        "ynPMC7KGJdxoAiBys5xjOkoPFVWfBrlJ5jCS2OlDFF8MJQswVIlBDKdezw=="
    )

    /// ecdsa-with-SHA384, as Let's Encrypt's ECDSA intermediates sign.
    static let ecdsaWithSHA384 = certificate(
        "MIIBzjCCAVOgAwIBAgIUbs0KbF4x4ueqQdHUhOM5dkvw0RkwCgYIKoZIzj0EAwMwFDESMBAGA1UEAwwJMTI3LjAuMC4xMCAX",
        "DTI2MTEyODA5NDM1OVoYDzIxMjYxMTA0MDk0MzU5WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwdjAQBgcqhkjOPQIBBgUrgQQA",
        "IgNiAASnIt5OcxXxFvi0wBtSC9CKpOkgu877/lrkT6CY9TlkoYCQA7OKKxm4DaZr/0B2lAAIEJWedXzeRtQMWK8d4BVyAaY1",
        "ZV8BL067fagI5ReqbrkxmFh68Er9p+eKcUtuIgajZDBiMB0GA1UdDgQWBBQrUDt1B1EE64yIdGHDHqs4YwKIxTAfBgNVHSME",
        "GDAWgBQrUDt1B1EE64yIdGHDHqs4YwKIxTAPBgNVHRMBAf8EBTADAQH/MA8GA1UdEQQIMAaHBH8AAAEwCgYIKoZIzj0EAwMD",
        "aQAwZgIxAJPhq8vN43R9M1p8aJx6czil/qmLSXKm8J6K/SW2ke09HLBHYeY1uPk0zt4TJTPTlAIxALlYiJQy8RaGg7TMXKpf",
        "wpX2V6l9nPk7bjPx+dKyq+FgoEJN7NaFd+WR7hVLcGdSBg=="
    )

    /// ecdsa-with-SHA512.
    static let ecdsaWithSHA512 = certificate(
        "MIIBcDCCARWgAwIBAgIUOb1VJAiVzBuGL5TbXxJ14KRC96MwCgYIKoZIzj0EAwQwDDEKMAgGA1UEAwwBdDAgFw0yNjExMjgw",
        "OTQ2MjlaGA8yMTI2MTEwNDA5NDYyOVowDDEKMAgGA1UEAwwBdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMJRBRbzF1Eu",
        "CnLufK/uBdj+ojT7/dg7oq4IicFqRR+qSoD46kWPv+kpe8srUQY4JeKknBfk4m8EngFc3txcIQSjUzBRMB0GA1UdDgQWBBQh",
        "aQ65p/qucxgDK8i1tn87m8RhVTAfBgNVHSMEGDAWgBQhaQ65p/qucxgDK8i1tn87m8RhVTAPBgNVHRMBAf8EBTADAQH/MAoG",
        "CCqGSM49BAMEA0kAMEYCIQDm0kPQoGjROMJ7eBanKopoIX/CK/SFreOiGp2TJB6lkQIhAObU/B9y5dlFaYz55y8EbATAJ8Iq",
        "sacjJs90lWAdnn0z"
    )

    static func certificate(_ lines: String...) -> [UInt8] {
        Array(Data(base64Encoded: lines.joined()) ?? Data())
    }

    @Test(arguments: [
        (ecdsaWithSHA1, NTLMChannelBinding.CertificateHash.sha256),
        (ecdsaWithSHA256, .sha256),
        (ecdsaWithSHA384, .sha384),
        (ecdsaWithSHA512, .sha512),
    ])
    func hashFollowsTheSignatureAlgorithm(certificate: [UInt8], expected: NTLMChannelBinding.CertificateHash) {
        #expect(!certificate.isEmpty)
        #expect(NTLMChannelBinding.CertificateHash(signatureAlgorithmOf: certificate) == expected)
    }

    /// The binding a client computes by default is the one of the prescribed hash.
    @Test func bindingDefaultsToThePrescribedHash() {
        #expect(NTLMChannelBinding(serverCertificateDER: Self.ecdsaWithSHA384)
            == NTLMChannelBinding(serverCertificateDER: Self.ecdsaWithSHA384, hash: .sha384))
        #expect(NTLMChannelBinding(serverCertificateDER: Self.ecdsaWithSHA1)
            == NTLMChannelBinding(serverCertificateDER: Self.ecdsaWithSHA1, hash: .sha256))
    }

    /// Bytes that aren't a whole certificate get SHA-256 rather than a crash.
    @Test(arguments: [[], Array("abc".utf8), Array(ecdsaWithSHA384.prefix(300)), [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF],
                      [0x30, 0x80]])
    func unreadableBytesGetSHA256(_ bytes: [UInt8]) {
        #expect(NTLMChannelBinding.CertificateHash(signatureAlgorithmOf: bytes) == .sha256)
    }
}
