import Domain
import NIOSSL

/// How a connection is protected: TLS from the first byte, a STARTTLS upgrade, or none (loopback and tests only).
/// IMAP uses it today; POP3 and SMTP will.
public enum TransportSecurity: String, Sendable, CaseIterable {
    case tls, starttls, none
}

/// The TLS settings every kind's connection shares, under the same keys in every kind: `ca_file`,
/// `insecure_skip_verify`, `minimum_tls_version` and `cipher_suites`.
public struct TLSOptions: Sendable, Equatable {
    /// A PEM file of CA certificates to trust instead of the system's.
    public var caFile: String?
    /// Accept any certificate. Only for test servers; logged as a warning.
    public var insecureSkipVerify: Bool
    /// "1.2" (default) or "1.3".
    public var minimumVersion: String?
    /// TLS 1.2 suites by standard or OpenSSL name; nil for the library's defaults.
    public var cipherSuites: [String]?

    public static let keys = ["ca_file", "insecure_skip_verify", "minimum_tls_version", "cipher_suites"]

    public init(caFile: String? = nil, insecureSkipVerify: Bool = false, minimumVersion: String? = nil,
                cipherSuites: [String]? = nil) {
        self.caFile = caFile
        self.insecureSkipVerify = insecureSkipVerify
        self.minimumVersion = minimumVersion
        self.cipherSuites = cipherSuites
    }

    /// Reads and checks the keys from a connection as given.
    public init(reading reader: inout ConnectionReader) throws(ConnectionProblem) {
        caFile = try reader.string("ca_file", limit: TextLimit(minimum: 1, maximum: 4_096))
        insecureSkipVerify = try reader.bool("insecure_skip_verify") ?? false
        minimumVersion = try reader.choice("minimum_tls_version", among: ["1.2", "1.3"])
        cipherSuites = try reader.strings("cipher_suites", limit: TextLimit(minimum: 1, maximum: 256),
                                          maximumCount: 64)
        if let cipherSuites, case .failure(let problem) = TLSCipherSuite.parse(cipherSuites) {
            throw ConnectionProblem(problem.index.map { reader.field("cipher_suites") + "[\($0)]" }
                                        ?? reader.field("cipher_suites"), problem.message)
        }
    }

    /// The options of a stored connection.
    public init(_ settings: ConnectionSettings) {
        self.init(caFile: settings.string("ca_file"), insecureSkipVerify: settings.bool("insecure_skip_verify") ?? false,
                  minimumVersion: settings.string("minimum_tls_version"), cipherSuites: settings.strings("cipher_suites"))
    }

    /// Writes the options a connection sets (defaults are left out).
    public func write(into settings: inout ConnectionSettings) {
        settings.set("ca_file", caFile)
        settings.set("insecure_skip_verify", insecureSkipVerify ? JSONValue.bool(true) : nil)
        settings.set("minimum_tls_version", minimumVersion)
        settings.set("cipher_suites", cipherSuites.map { JSONValue.array($0.map(JSONValue.string)) })
    }

    public var tlsVersion: TLSVersion { minimumVersion == "1.3" ? .tlsv13 : .tlsv12 }

    /// The list as NIOSSL's colon-separated string.
    public var cipherList: String? { cipherSuites?.joined(separator: ":") }

    /// The client context these options make.
    public func context() throws -> NIOSSLContext {
        try ClientTLS.context(caFile: caFile, insecureSkipVerify: insecureSkipVerify, minimumVersion: tlsVersion,
                              cipherSuites: cipherList)
    }

    /// The client configuration, for clients that build their own contexts (AsyncHTTPClient).
    public func configuration() throws -> TLSConfiguration {
        try ClientTLS.configuration(caFile: caFile, insecureSkipVerify: insecureSkipVerify,
                                    minimumVersion: tlsVersion, cipherSuites: cipherList)
    }
}
