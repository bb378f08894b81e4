import Domain
import NIOSSL

/// What IMAP and EWS connections share about TLS towards mail servers: the client context built from an
/// integration's settings (verification on unless told otherwise, minimum version, cipher list), the SNI name,
/// and how a failed connection is classified.
public enum ClientTLS {
    public static func context(caFile: String?, insecureSkipVerify: Bool, minimumVersion: TLSVersion,
                               cipherSuites: String?) throws -> NIOSSLContext {
        let configuration = try configuration(caFile: caFile, insecureSkipVerify: insecureSkipVerify,
                                              minimumVersion: minimumVersion, cipherSuites: cipherSuites)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw MailSourceError(.configuration, "invalid TLS settings", detail: "\(error)")
        }
    }

    /// The client configuration ``context(caFile:insecureSkipVerify:minimumVersion:cipherSuites:)`` is made from,
    /// for clients that build their own contexts (AsyncHTTPClient). The CA file is read when a context is made.
    /// - Throws: `MailSourceError(.configuration)` for a cipher list that can't be used.
    public static func configuration(caFile: String?, insecureSkipVerify: Bool, minimumVersion: TLSVersion,
                                     cipherSuites: String?) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = minimumVersion
        if let caFile { configuration.trustRoots = .file(caFile) }
        if insecureSkipVerify { configuration.certificateVerification = .none }
        if let cipherSuites {
            // Only known TLS 1.2 suites reach BoringSSL: a list it can't use stops the process (NIOSSL's
            // precondition), and the list may come from an API call.
            let names = cipherSuites.split(separator: ":").map(String.init)
            switch TLSCipherSuite.parse(names) {
            case .success(let suites): configuration.cipherSuiteValues = suites.map { NIOTLSCipher(rawValue: $0.value) }
            case .failure(let problem):
                throw MailSourceError(.configuration, "invalid cipher_suites: \(problem.message)",
                                      detail: problem.index.map { names[$0] } ?? "")
            }
        }
        return configuration
    }

    /// No SNI for IP addresses (RFC 6066 §3).
    public static func serverName(_ host: String) -> String? {
        let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return isIP ? nil : host
    }

    /// A channel error as the engine sees it: a certificate the settings don't trust won't be trusted on the next
    /// try either (configuration); anything else is the network (transient).
    public static func connectionError(_ error: any Error) -> MailSourceError {
        let isTLS = error is NIOSSLError || error is BoringSSLError
        return MailSourceError(isTLS ? .configuration : .transient(retryAfter: nil),
                               isTLS ? "TLS handshake failed" : "connection failed", detail: "\(error)",
                               advice: isTLS ? Self.handshakeAdvice : "")
    }

    /// What to do about a certificate the settings don't trust, the usual cause of a failed handshake.
    static let handshakeAdvice = "check that the host name is one the server's certificate names; for a "
        + "self-signed certificate or a private CA, set ca_file to its PEM file (insecure_skip_verify: true "
        + "turns verification off, for tests only); for an old server, minimum_tls_version and cipher_suites"
}
