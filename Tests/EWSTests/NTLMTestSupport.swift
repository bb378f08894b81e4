import Foundation

@testable import EWS

/// Inputs and expected values shared by the NTLM tests.
///
/// The [MS-NLMP] values come from its section 4.2.1 (common values) and 4.2.4 (NTLMv2 authentication); each one
/// is checked against this implementation in `NTLMTests`.
enum NTLMFixtures {
    static let user = "User"
    static let domain = "Domain"
    static let password = "Password"
    static let workstation = "COMPUTER"
    static let serverChallenge = bytes("0123456789abcdef")
    static let clientChallenge = [UInt8](repeating: 0xAA, count: 8)
    static let randomSessionKey = [UInt8](repeating: 0x55, count: 16)
    /// FILETIME 0, the "Time" of [MS-NLMP] 4.2.1.
    static let fileTimeZero = Date(timeIntervalSince1970: -11_644_473_600)

    /// [MS-NLMP] 4.2.4.3, the CHALLENGE_MESSAGE: flags 0xe28a8233, TargetName "Server", TargetInfo with
    /// MsvAvNbDomainName "Domain" and MsvAvNbComputerName "Server", Version 6.0.6000 revision 15.
    static let specChallenge = bytes(
        "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000"
            + "060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c00530065007200"
            + "76006500720000000000"
    )

    /// [MS-NLMP] 4.2.4.3, the AUTHENTICATE_MESSAGE: flags 0xe2888235, Version 5.1.2600 revision 15, no MIC,
    /// payload Domain, User, Workstation, LMv2 response, NTLMv2 response, EncryptedRandomSessionKey.
    static let specAuthenticate = bytes(
        "4e544c4d5353500003000000180018006c00000054005400840000000c000c00480000000800080054000000100010"
            + "005c00000010001000d8000000358288e20501280a0000000f44006f006d00610069006e0055007300650072004300"
            + "4f004d005000550054004500520086c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa68cd0ab851e51c96aa"
            + "bc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d006100"
            + "69006e0001000c005300650072007600650072000000000000000000c5dad2544fc9799094ce1ce90bc9d03e"
    )

    /// Chromium's NTLM test data (net/ntlm/ntlm_test_data.h), whose channel-binding values come from Microsoft's
    /// Open Specifications blog post "NTLM and Channel Binding Hash (aka Extended Protection for
    /// Authentication)" (2013): [MS-NLMP] itself has no channel-binding example.
    enum Chromium {
        /// The "tls-server-end-point" certificate hash of the blog post.
        static let certificateHash = bytes("ea05fefecc6b0bd571dbbc5baa3ed45386d0446835f7b74c85621b9983475f95")
        /// MD5 of the gss_channel_bindings_struct for that hash.
        static let channelBindingHash = bytes("6586e99d81c2fc984e47172fd4dd0310")
        /// 2017-05-23 20:13:07 UTC as FILETIME.
        static let clientFileTime: UInt64 = 131_400_439_870_000_000
        /// The spec's TargetInfo plus MsvAvFlags 0x2, MsvAvChannelBindings and MsvAvTargetName "HTTP/Server".
        static let targetInfo = bytes(
            "02000c0044006f006d00610069006e00" + "01000c00530065007200760065007200" + "0600040002000000"
                + "0a0010006586e99d81c2fc984e47172fd4dd0310"
                + "09001600" + "48005400540050002f00530065007200760065007200" + "00000000"
        )
        /// NTProofStr over that TargetInfo with `clientFileTime`.
        static let ntProof = bytes("8c0260dbef690662af9c42d50782d2ed")
        static let sessionBaseKey = bytes("623dbd071be7a530b6a95c2eb4982470")
        static let mic = bytes("f7361633f0ad9bdf4a7c421bc6b824a3")
        /// Chromium's 32-byte NEGOTIATE (flags 0x00088207, no Version).
        static let negotiate = bytes(
            "4e544c4d53535000" + "01000000" + "07820800" + "0000000020000000" + "0000000020000000"
        )
        /// Chromium's AUTHENTICATE answering `specChallenge`: flags 0x00088203, zero Version, the MIC, payload in
        /// the order LM (Z(24)), NT, domain, user, workstation, and an empty session key.
        static let authenticate = bytes(
            "4e544c4d53535000" + "03000000"
                + "1800180058000000" + "8a008a0070000000" + "0c000c00fa000000" + "0800080006010000"
                + "100010000e010000" + "0000000058000000" + "03820800" + "0000000000000000"
                + "f7361633f0ad9bdf4a7c421bc6b824a3"
                + String(repeating: "00", count: 24)
                + "8c0260dbef690662af9c42d50782d2ed"
                + "0101000000000000" + "800bc8fd00d4d201" + "aaaaaaaaaaaaaaaa" + "00000000"
        ) + targetInfo + bytes(
            "00000000" + "44006f006d00610069006e00" + "5500730065007200" + "43004f004d0050005500540045005200"
        )
    }

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd hex length")
        func value(_ digit: UInt8) -> UInt8 {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: preconditionFailure("not a hex digit")
            }
        }
        return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
