extension EWSSimulatorConfiguration {
    /// What the simulator presents when it serves HTTPS: a certificate chain and its private key, both PEM.
    public struct TLS: Sendable, Hashable {
        /// The server certificate first, then any intermediates (the order TLS sends them in).
        public var certificateChainPEM: String
        /// The server certificate's private key (PKCS#8, or the traditional RSA or EC form).
        public var privateKeyPEM: String

        public init(certificateChainPEM: String, privateKeyPEM: String) {
            self.certificateChainPEM = certificateChainPEM
            self.privateKeyPEM = privateKeyPEM
        }
    }

    /// IIS "Extended Protection" of the EWS virtual directory: whether an NTLM login must carry the channel
    /// binding (MsvAvChannelBindings, RFC 5929 "tls-server-end-point") of the certificate the server presents.
    public enum ExtendedProtection: Sendable, Hashable {
        /// No check (IIS "Off").
        case off
        /// A client that sends a binding must send the right one; a client that sends none is let in (IIS "Accept").
        case allow
        /// Every NTLM login must carry the right binding (IIS "Require", Exchange 2019 CU14's default).
        case require
    }
}
