import Crypto
import Domain
import Foundation
import SwiftASN1

extension ClientCertificate {
    /// The `notAfter` of a DER certificate (RFC 5280 §4.1.2.5): the second time of `validity`, the fourth field of
    /// `tbsCertificate` after the optional `[0] version`; UTCTime or GeneralizedTime, always UTC.
    /// - Throws: `ASN1Error` when the bytes are not such a certificate.
    public static func notAfter(of certificate: [UInt8]) throws -> Date {
        let fields = try tbsFields(of: certificate)
        guard fields.count > 3, fields[3].identifier == .sequence, case .constructed(let times) = fields[3].content
        else { throw ASN1Error.invalidASN1Object(reason: "no validity") }
        let bounds = Array(times)
        guard bounds.count == 2 else { throw ASN1Error.invalidASN1Object(reason: "validity is not two times") }
        let node = bounds[1]
        var components = DateComponents()
        if node.identifier == UTCTime.defaultIdentifier {
            let time = try UTCTime(derEncoded: node)
            (components.year, components.month, components.day) = (time.year, time.month, time.day)
            (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        } else {
            let time = try GeneralizedTime(derEncoded: node)
            (components.year, components.month, components.day) = (time.year, time.month, time.day)
            (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: components) else {
            throw ASN1Error.invalidASN1Object(reason: "notAfter is not a date")
        }
        return date
    }
}

extension EntraApplicationSettings {
    /// The client certificate's validity, for telling people before it expires; nil without a certificate or
    /// when it can't be read (making a source reports that).
    public var certificateValidity: CredentialValidity? {
        guard let pem = clientCertificate, let der = ClientCertificate.pemBlock("CERTIFICATE", in: pem),
              let notAfter = try? ClientCertificate.notAfter(of: der) else { return nil }
        let thumbprint = SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
        return CredentialValidity(
            name: "client certificate", id: thumbprint, expiresAt: notAfter,
            advice: "upload a new certificate to the app registration (client \(clientID)) in Entra ID, then update "
                + "the integration's client_certificate and client_private_key")
    }
}
