import Foundation

/// The client side of an NTLMv2 handshake over HTTP ([MS-NLMP] 3.1, [MS-NTHT]), as a state machine without I/O.
///
/// One instance per TCP/TLS connection: NTLM authenticates the connection, not the request, so a new
/// connection starts a new handshake.
///
/// ```swift
/// var ntlm = NTLMClient(credentials: NTLMCredentials(account: "CORP\\alice", password: secret))
/// // 401 with "WWW-Authenticate: NTLM"
/// let first = try ntlm.nextAuthorization(wwwAuthenticate: response.headers["WWW-Authenticate"])
/// // 401 with "WWW-Authenticate: NTLM TlRMTVNT..."
/// let second = try ntlm.nextAuthorization(wwwAuthenticate: response.headers["WWW-Authenticate"])
/// // 200, or a 401 for which nextAuthorization throws NTLMError.rejected
/// ```
public struct NTLMClient: Sendable {
    private enum State: Sendable {
        case initial
        case negotiated(negotiate: [UInt8])
        case authenticated
    }

    private let credentials: NTLMCredentials
    private let workstation: String
    private let targetName: String?
    private let channelBinding: NTLMChannelBinding?
    private let keyExchange: Bool
    private let clock: @Sendable () -> Date
    private let random: @Sendable (Int) -> [UInt8]
    private var state = State.initial

    /// - Parameters:
    ///   - credentials: the account to log in as.
    ///   - workstation: the client's machine name, shown in the server's logon events; empty when nil.
    ///   - targetName: the service principal name for MsvAvTargetName, such as `"HTTP/mail.example.com"`
    ///     (see `servicePrincipalName(host:)`); servers that check it refuse a name that isn't theirs.
    ///   - channelBinding: the TLS channel to bind to (required by Exchange with Extended Protection).
    ///   - keyExchange: asks for NTLMSSP_NEGOTIATE_KEY_EXCH, so that a random session key, RC4-encrypted, becomes
    ///     the key of the MIC. HTTP uses no session key otherwise, so the default is off.
    ///   - clock: the time for the NTLMv2 blob when the server sends no MsvAvTimestamp.
    ///   - random: returns exactly the given number of cryptographically random bytes (client challenge,
    ///     session key).
    public init(
        credentials: NTLMCredentials,
        workstation: String? = nil,
        targetName: String? = nil,
        channelBinding: NTLMChannelBinding? = nil,
        keyExchange: Bool = false,
        clock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable (Int) -> [UInt8] = NTLMClient.systemRandom
    ) {
        self.credentials = credentials
        self.workstation = workstation ?? ""
        self.targetName = targetName
        self.channelBinding = channelBinding
        self.keyExchange = keyExchange
        self.clock = clock
        self.random = random
    }

    /// `"HTTP/<host>"`, the service principal name of a web server (host without port).
    public static func servicePrincipalName(host: String) -> String {
        "HTTP/\(host)"
    }

    /// Random bytes from the system's cryptographic generator.
    public static func systemRandom(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private var requestedFlags: NTLMNegotiateFlags {
        keyExchange ? NTLMNegotiateFlags.httpClient.union(.keyExchange) : .httpClient
    }

    /// Starts (or restarts) the handshake: the NEGOTIATE message to send, base64-encoded, in `Authorization`.
    public mutating func negotiate() -> [UInt8] {
        let message = NTLMNegotiateMessage(flags: requestedFlags, version: .client).encoded()
        state = .negotiated(negotiate: message)
        return message
    }

    /// Answers the server's CHALLENGE with the AUTHENTICATE message ([MS-NLMP] 3.1.5.1.2).
    ///
    /// When the challenge carries MsvAvTimestamp, the response uses the server's time, sends an all-zero LM
    /// response, and includes a MIC over the three messages (announced by MsvAvFlags bit 0x2). Channel binding
    /// and target name, when configured, are added to the AV pairs the proof covers.
    ///
    /// - Throws: `NTLMError.invalidState` before `negotiate()` or a second time; `.malformedMessage` or
    ///   `.unexpectedMessageType` for bytes that aren't a CHALLENGE; `.messageTooLarge` if the server's
    ///   TargetInfo leaves no room in the response.
    public mutating func authenticate(challenge: [UInt8]) throws(NTLMError) -> [UInt8] {
        guard case .negotiated(let negotiate) = state else { throw .invalidState }
        let parsed = try NTLMChallengeMessage(decoding: challenge)

        var flags = parsed.flags.intersection(requestedFlags.union(.oem))
        if flags.contains(.unicode) { flags.remove(.oem) }

        let serverTimestamp = parsed.targetInfo.timestamp
        let clientChallenge = randomBytes(8)
        let responseKey = NTLMv2.responseKey(
            password: credentials.password, user: credentials.user, domain: credentials.domain
        )
        let blob = NTLMv2.clientBlob(
            timestamp: serverTimestamp ?? NTLMFileTime.fileTime(from: clock()),
            clientChallenge: clientChallenge,
            targetInfo: responseTargetInfo(parsed.targetInfo).encoded()
        )
        let ntProof = NTLMv2.ntProof(
            responseKey: responseKey, serverChallenge: parsed.serverChallenge, clientBlob: blob
        )
        // [MS-NLMP] 3.1.5.1.2: with a server timestamp the LM response SHOULD be Z(24).
        let lmResponse = serverTimestamp != nil
            ? [UInt8](repeating: 0, count: 24)
            : NTLMv2.lmResponse(
                responseKey: responseKey, serverChallenge: parsed.serverChallenge, clientChallenge: clientChallenge
            )

        let sessionBaseKey = NTLMv2.sessionBaseKey(responseKey: responseKey, ntProof: ntProof)
        var exportedSessionKey = sessionBaseKey
        var encryptedSessionKey: [UInt8] = []
        if flags.contains(.keyExchange) {
            exportedSessionKey = randomBytes(16)
            encryptedSessionKey = RC4.encrypt(key: sessionBaseKey, exportedSessionKey)
        }

        let message = NTLMAuthenticateMessage(
            flags: flags,
            lmChallengeResponse: lmResponse,
            ntChallengeResponse: ntProof + blob,
            domain: credentials.domain,
            user: credentials.user,
            workstation: workstation,
            encryptedRandomSessionKey: encryptedSessionKey,
            version: flags.contains(.version) ? .client : nil,
            mic: serverTimestamp != nil ? [UInt8](repeating: 0, count: NTLMAuthenticateMessage.micCount) : nil
        )
        var bytes = try message.encoded()
        if serverTimestamp != nil {
            let mic = NTLMv2.mic(
                exportedSessionKey: exportedSessionKey, negotiate: negotiate, challenge: challenge, authenticate: bytes
            )
            bytes.replaceSubrange(
                NTLMAuthenticateMessage.micOffset..<(NTLMAuthenticateMessage.micOffset + mic.count), with: mic
            )
        }
        state = .authenticated
        return bytes
    }

    /// The server's AV pairs plus what this client adds for the proof to cover ([MS-NLMP] 3.1.5.1.2): MsvAvFlags
    /// announcing the MIC (only when a timestamp asks for one), MsvAvChannelBindings and MsvAvTargetName.
    private func responseTargetInfo(_ serverInfo: NTLMTargetInfo) -> NTLMTargetInfo {
        var info = serverInfo
        if info.timestamp != nil {
            info.set(.flags, NTLMTargetInfo.uint32Value((info.flags ?? 0) | NTLMTargetInfo.flagMICPresent))
        }
        if let channelBinding {
            info.set(.channelBindings, channelBinding.hash)
        }
        if let targetName {
            info.set(.targetName, NTLMString.utf16LE(targetName))
        }
        return info
    }

    /// Drives the handshake from the `WWW-Authenticate` values of a 401 response, returning the `Authorization`
    /// value for the next request on the same connection.
    ///
    /// - Throws: `NTLMError.notOffered` if the values don't offer NTLM; `.rejected` for a 401 after the
    ///   AUTHENTICATE message (wrong credentials, or refused channel binding) or a bare `NTLM` after the
    ///   NEGOTIATE message (handshake dropped, often a connection that wasn't kept alive); `.invalidState` for
    ///   a challenge before a NEGOTIATE was sent; `.malformedHeader`, and the errors of
    ///   `authenticate(challenge:)`.
    public mutating func nextAuthorization(wwwAuthenticate values: [String]) throws(NTLMError) -> String {
        guard let offer = try NTLMHTTPHeader.challenge(inWWWAuthenticate: values) else { throw .notOffered }
        switch (state, offer) {
        case (.initial, .offered):
            return NTLMHTTPHeader.value(for: negotiate())
        case (.negotiated, .challenge(let challenge)):
            return NTLMHTTPHeader.value(for: try authenticate(challenge: challenge))
        case (.authenticated, _), (.negotiated, .offered):
            // A bare "NTLM" after our NEGOTIATE means the server dropped the handshake (or the connection was
            // not kept alive); starting over here could loop forever, so the driver decides.
            throw .rejected
        case (.initial, .challenge):
            throw .invalidState
        }
    }

    private func randomBytes(_ count: Int) -> [UInt8] {
        let bytes = random(count)
        precondition(bytes.count == count, "the random source returned \(bytes.count) bytes, not \(count)")
        return bytes
    }
}
