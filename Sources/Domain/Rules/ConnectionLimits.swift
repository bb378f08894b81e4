/// Bounds on the text fields of a connection, wherever it comes from (API, configuration file, command line):
/// secrets and names are stored and sent on to servers, so none may be unbounded or hold control characters.
extension Integration.Connection {
    /// The first field over its bound, with what is wrong (the field as its JSON key); nil when all fit.
    public func textProblem() -> (field: String, problem: String)? {
        let name = TextLimit(minimum: 0, maximum: 256)
        let checks: [(String, String?, TextLimit)] = [
            ("host", host, TextLimit(maximum: 253)),
            ("username", username, TextLimit(maximum: 320)),
            ("password", password, TextLimit(maximum: 1_024)),
            ("access_token", accessToken, TextLimit(maximum: 16_384)),
            ("ca_file", caFile, TextLimit(maximum: 4_096)),
            ("minimum_tls_version", minimumTLSVersion, name),
            ("ews_endpoint", ewsEndpoint, TextLimit(maximum: 2_048)),
            ("authentication", authentication, name),
            ("access_type", accessType, name),
            ("server_version", serverVersion, name),
            ("tenant_id", tenantID, name),
            ("client_id", clientID, name),
            ("client_secret", clientSecret, TextLimit(maximum: 1_024)),
            ("client_certificate", clientCertificate, TextLimit(maximum: 65_536, multiline: true)),
            ("client_private_key", clientPrivateKey, TextLimit(maximum: 65_536, multiline: true)),
            ("cloud", cloud, name),
            ("authority_host", authorityHost, TextLimit(maximum: 2_048)),
        ]
        for (field, value, limit) in checks {
            if let value, let problem = limit.problem(value) { return (field, problem) }
        }
        if let cipherSuites {
            guard cipherSuites.count <= 64 else { return ("cipher_suites", "must list at most 64 cipher suites") }
            if case .failure(let problem) = TLSCipherSuite.parse(cipherSuites) {
                return (problem.index.map { "cipher_suites[\($0)]" } ?? "cipher_suites", problem.message)
            }
        }
        return nil
    }
}
