/// The TLS 1.2 cipher suites a connection's `cipher_suites` may name, by their standard (IANA) or OpenSSL names.
/// Anything else is refused before it reaches BoringSSL, which takes a list it can't use as a programming error
/// (NIOSSL stops the process), so an unknown or TLS 1.3-only list from an API call must never get there.
/// TLS 1.3 suites can't be chosen: BoringSSL always offers its three.
public struct TLSCipherSuite: Sendable, Equatable {
    /// The IANA code point, as NIOSSL's `NIOTLSCipher` takes it.
    public let value: UInt16
    public let standardName: String
    public let openSSLName: String

    public static let all: [TLSCipherSuite] = [
        .init(value: 0xC02F, standardName: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
              openSSLName: "ECDHE-RSA-AES128-GCM-SHA256"),
        .init(value: 0xC030, standardName: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
              openSSLName: "ECDHE-RSA-AES256-GCM-SHA384"),
        .init(value: 0xC02B, standardName: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
              openSSLName: "ECDHE-ECDSA-AES128-GCM-SHA256"),
        .init(value: 0xC02C, standardName: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
              openSSLName: "ECDHE-ECDSA-AES256-GCM-SHA384"),
        .init(value: 0xCCA8, standardName: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
              openSSLName: "ECDHE-RSA-CHACHA20-POLY1305"),
        .init(value: 0xCCA9, standardName: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
              openSSLName: "ECDHE-ECDSA-CHACHA20-POLY1305"),
        .init(value: 0xC013, standardName: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", openSSLName: "ECDHE-RSA-AES128-SHA"),
        .init(value: 0xC014, standardName: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", openSSLName: "ECDHE-RSA-AES256-SHA"),
        .init(value: 0xC009, standardName: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
              openSSLName: "ECDHE-ECDSA-AES128-SHA"),
        .init(value: 0xC00A, standardName: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
              openSSLName: "ECDHE-ECDSA-AES256-SHA"),
        .init(value: 0x009C, standardName: "TLS_RSA_WITH_AES_128_GCM_SHA256", openSSLName: "AES128-GCM-SHA256"),
        .init(value: 0x009D, standardName: "TLS_RSA_WITH_AES_256_GCM_SHA384", openSSLName: "AES256-GCM-SHA384"),
        .init(value: 0x002F, standardName: "TLS_RSA_WITH_AES_128_CBC_SHA", openSSLName: "AES128-SHA"),
        .init(value: 0x0035, standardName: "TLS_RSA_WITH_AES_256_CBC_SHA", openSSLName: "AES256-SHA"),
    ]

    /// The suite a name stands for (either form, exact case).
    public static func named(_ name: String) -> TLSCipherSuite? {
        all.first { $0.standardName == name || $0.openSSLName == name }
    }

    /// The suites of a list, or what is wrong with it (an unknown name, or none at all).
    public static func parse(_ names: [String]) -> Result<[TLSCipherSuite], ListProblem> {
        guard !names.isEmpty else { return .failure(ListProblem(index: nil, message: "name at least one cipher suite")) }
        var suites: [TLSCipherSuite] = []
        for (index, name) in names.enumerated() {
            guard let suite = named(name) else {
                let tls13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
                return .failure(ListProblem(index: index, message: tls13.contains(name)
                    ? "TLS 1.3 suites are always offered and can't be chosen; list TLS 1.2 suites"
                    : "unknown cipher suite; known: " + all.map(\.standardName).joined(separator: ", ")))
            }
            if !suites.contains(suite) { suites.append(suite) }
        }
        return .success(suites)
    }

    public struct ListProblem: Error, Sendable, Equatable {
        /// The position of the bad name; nil for a problem of the whole list.
        public let index: Int?
        public let message: String
    }
}
