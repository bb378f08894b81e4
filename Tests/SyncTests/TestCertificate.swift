import Crypto
import Foundation
import SwiftASN1
import _CryptoExtras

/// A self-signed RSA certificate made in the test, valid until `notAfter`, with its private key: an Entra ID app
/// credential as an integration holds it (both PEM).
struct TestCertificate {
    let certificatePEM: String
    let privateKeyPEM: String

    init(notAfter: Date, subject: String = "mailstream-test") throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let sha256WithRSA: ASN1ObjectIdentifier = "1.2.840.113549.1.1.11"
        func algorithm(_ coder: inout DER.Serializer) throws {
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(sha256WithRSA)
                try coder.serialize(ASN1Null())
            }
        }
        func name(_ coder: inout DER.Serializer) throws {
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .set) { coder in
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(ASN1ObjectIdentifier("2.5.4.3"))  // commonName
                        try coder.serialize(ASN1UTF8String(subject))
                    }
                }
            }
        }
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { coder in
                try coder.serialize(2)  // v3
            }
            try coder.serialize(Int.random(in: 1...Int.max))
            try algorithm(&coder)
            try name(&coder)
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(try Self.utcTime(Date().addingTimeInterval(-86_400)))
                try coder.serialize(try Self.utcTime(notAfter))
            }
            try name(&coder)
            coder.serializeRawBytes(key.publicKey.derRepresentation)
        }
        let signature = try key.signature(for: SHA256.hash(data: tbs.serializedBytes), padding: .insecurePKCS1v1_5)
        var certificate = DER.Serializer()
        try certificate.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbs.serializedBytes)
            try algorithm(&coder)
            try coder.serialize(ASN1BitString(bytes: ArraySlice(signature.rawRepresentation)))
        }
        let base64 = Data(certificate.serializedBytes).base64EncodedString(options: [.lineLength64Characters,
                                                                                     .endLineWithLineFeed])
        certificatePEM = "-----BEGIN CERTIFICATE-----\n\(base64)\n-----END CERTIFICATE-----\n"
        privateKeyPEM = key.pemRepresentation
    }

    static func utcTime(_ date: Date) throws -> UTCTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return try UTCTime(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0,
                           hours: parts.hour ?? 0, minutes: parts.minute ?? 0, seconds: parts.second ?? 0)
    }
}
