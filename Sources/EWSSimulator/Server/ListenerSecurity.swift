import EWS
import NIOSSL

/// What a configuration's ``EWSSimulatorConfiguration/tls`` and ``EWSSimulatorConfiguration/extendedProtection``
/// come to once the PEM is read: the TLS settings of the listener (nil for plain HTTP) and the policy each
/// connection's NTLM server checks MsvAvChannelBindings with.
struct ListenerSecurity: Sendable {
    let tlsConfiguration: TLSConfiguration?
    let channelBinding: NTLMServer.ChannelBindingPolicy

    /// - Throws: ``EWSSimulatorError/invalidConfiguration`` for PEM that doesn't parse, a key that doesn't fit the
    ///   certificate, or Extended Protection without a certificate to bind to.
    init(_ configuration: EWSSimulatorConfiguration) throws(EWSSimulatorError) {
        var serverCertificate: NIOSSLCertificate?
        if let tls = configuration.tls {
            let chain = try Self.certificates(tls.certificateChainPEM, "the TLS certificate chain")
            let key: NIOSSLPrivateKey
            do {
                key = try NIOSSLPrivateKey(bytes: Array(tls.privateKeyPEM.utf8), format: .pem)
            } catch {
                throw EWSSimulatorError(code: .invalidConfiguration, detail: "the TLS private key: \(error)")
            }
            var settings = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)
            )
            settings.minimumTLSVersion = .tlsv12
            settings.applicationProtocols = ["http/1.1"]
            // Building a context checks that the key belongs to the certificate, before any client connects.
            do {
                _ = try NIOSSLContext(configuration: settings)
            } catch {
                throw EWSSimulatorError(code: .invalidConfiguration, detail: "the TLS certificate and key: \(error)")
            }
            tlsConfiguration = settings
            serverCertificate = chain[0]
        } else {
            tlsConfiguration = nil
        }
        var bound = serverCertificate
        if let pem = configuration.channelBindingCertificatePEM {
            bound = try Self.certificates(pem, "the binding certificate")[0]
        }
        switch (configuration.extendedProtection, bound) {
        case (.off, _):
            channelBinding = .off
        case (.allow, let certificate?):
            channelBinding = .allow(try Self.binding(certificate))
        case (.require, let certificate?):
            channelBinding = .require(try Self.binding(certificate))
        case (.allow, nil), (.require, nil):
            throw EWSSimulatorError(
                code: .invalidConfiguration,
                detail: "Extended Protection needs a TLS certificate or channelBindingCertificatePEM")
        }
    }

    /// The certificates of a PEM text, at least one.
    private static func certificates(_ pem: String, _ what: String) throws(EWSSimulatorError) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
        } catch {
            throw EWSSimulatorError(code: .invalidConfiguration, detail: "\(what): \(error)")
        }
        guard !certificates.isEmpty else {
            throw EWSSimulatorError(code: .invalidConfiguration, detail: "\(what) holds no certificate")
        }
        return certificates
    }

    /// "tls-server-end-point" of the certificate as clients receive it (DER), hashed as RFC 5929 §4.1 says.
    private static func binding(_ certificate: NIOSSLCertificate) throws(EWSSimulatorError) -> NTLMChannelBinding {
        do {
            return NTLMChannelBinding(serverCertificateDER: try certificate.toDERBytes())
        } catch {
            throw EWSSimulatorError(code: .invalidConfiguration, detail: "the binding certificate: \(error)")
        }
    }
}
