/// A character set named by a MIME label (RFC 2046 §4.1.2, IANA names and the aliases real mail uses).
public enum Charset: Sendable, Hashable {
    case utf8
    case ascii
    /// UTF-16; nil byte order means "read the byte-order mark" (big-endian without one).
    case utf16(bigEndian: Bool?)
    case singleByte(SingleByteCharset)
    /// A multi-byte or stateful charset converted through the C library's iconv, by its iconv name.
    case multiByte(String)

    /// The charset for a label, or nil when the label names nothing we know.
    public init?(label: String) {
        var name = label.trimmingASCIIWhitespace().asciiLowercased
        if name.hasPrefix("\"") || name.hasPrefix("'") {
            name = String(name.dropFirst())
            if name.hasSuffix("\"") || name.hasSuffix("'") { name = String(name.dropLast()) }
        }
        // Labels sometimes carry a language suffix ("utf-8*en", RFC 2231 §5) or junk after a space.
        if let cut = name.firstIndex(where: { $0 == "*" || $0 == " " || $0 == ";" }) { name = String(name[..<cut]) }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8", "utf-8-sig":
            self = .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367", "ibm367", "646",
             "ansi_x3.4-1986", "x-ascii", "default", "7bit":
            self = .ascii
        case "utf-16", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2": self = .utf16(bigEndian: nil)
        case "utf-16be", "unicodefffe": self = .utf16(bigEndian: true)
        case "utf-16le", "unicodefeff": self = .utf16(bigEndian: false)
        default:
            if let single = SingleByteCharset(normalizedLabel: name) {
                self = .singleByte(single)
            } else if let iconvName = Self.multiByteNames[name] {
                self = .multiByte(iconvName)
            } else {
                return nil
            }
        }
    }

    /// Labels of multi-byte charsets, mapped to the superset iconv decodes (so GB2312 mail written by GBK
    /// software and Shift_JIS mail with Microsoft's extensions still decode).
    private static let multiByteNames: [String: String] = [
        "gb2312": "GB18030", "gbk": "GB18030", "gb18030": "GB18030", "x-gbk": "GB18030", "cp936": "GB18030",
        "euc-cn": "GB18030", "csgb2312": "GB18030", "chinese": "GB18030", "gb_2312-80": "GB18030",
        "x-euc-cn": "GB18030", "hz-gb-2312": "HZ",
        "big5": "BIG5-HKSCS", "big5-hkscs": "BIG5-HKSCS", "x-x-big5": "BIG5-HKSCS", "cn-big5": "BIG5-HKSCS",
        "csbig5": "BIG5-HKSCS", "x-big5": "BIG5-HKSCS", "cp950": "CP950",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932", "ms_kanji": "CP932",
        "csshiftjis": "CP932", "windows-31j": "CP932", "cp932": "CP932", "x-ms-cp932": "CP932",
        "iso-2022-jp": "ISO-2022-JP-2", "csiso2022jp": "ISO-2022-JP-2", "iso-2022-jp-2": "ISO-2022-JP-2",
        "iso-2022-jp-3": "ISO-2022-JP-3",
        "euc-jp": "EUC-JP-MS", "x-euc-jp": "EUC-JP-MS", "cseucpkdfmtjapanese": "EUC-JP-MS", "eucjp": "EUC-JP-MS",
        "euc-kr": "CP949", "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "ks_c_5601-1989": "CP949",
        "ksc5601": "CP949", "ksc_5601": "CP949", "cseuckr": "CP949", "cp949": "CP949", "windows-949": "CP949",
        "x-windows-949": "CP949", "uhc": "CP949", "korean": "CP949", "iso-2022-kr": "ISO-2022-KR",
        "euc-tw": "EUC-TW",
        "utf-32": "UTF-32", "utf-32le": "UTF-32LE", "utf-32be": "UTF-32BE", "utf-7": "UTF-7",
        "tis-620": "TIS-620", "windows-874": "CP874", "cp874": "CP874", "iso-8859-11": "ISO-8859-11",
        "viscii": "VISCII", "tcvn": "TCVN", "armscii-8": "ARMSCII-8", "georgian-ps": "GEORGIAN-PS",
    ]

    /// Decodes `bytes`, or returns nil when they are not valid in this charset.
    public func decodeStrictly(_ bytes: some Collection<UInt8>) -> String? {
        switch self {
        case .utf8:
            return String(validating: bytes, as: UTF8.self) ?? UnicodeRepair.decodeUTF8AllowingSurrogates(bytes)
        case .utf16(let bigEndian):
            guard bytes.count % 2 == 0 else { return nil }
            return UnicodeRepair.decodeUTF16(bytes, bigEndian: bigEndian)
        case .ascii:
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        case .singleByte(let charset):
            return charset.decodeStrictly(bytes)
        case .multiByte(let name):
            return IconvConverter.convert(Array(bytes), from: name, lossy: false)
        }
    }

    /// Decodes `bytes`, replacing what is invalid with U+FFFD.
    public func decodeLossily(_ bytes: some Collection<UInt8>) -> String {
        switch self {
        case .utf8, .ascii:
            return String(decoding: bytes, as: UTF8.self)
        case .utf16(let bigEndian):
            return UnicodeRepair.decodeUTF16(bytes, bigEndian: bigEndian)
        case .singleByte(let charset):
            return charset.decode(bytes)
        case .multiByte(let name):
            return IconvConverter.convert(Array(bytes), from: name, lossy: true) ?? String(decoding: bytes, as: UTF8.self)
        }
    }

    var isMultiByte: Bool {
        switch self {
        case .multiByte, .utf16: true
        default: false
        }
    }
}

/// Turns bytes in a declared charset into text the way mail readers do: declared → UTF-8 → windows-1252.
public enum CharsetDecoding {
    /// What decoding did, besides producing text.
    public enum Outcome: Sendable, Equatable {
        /// The bytes were valid in the declared charset (or ASCII when none was declared).
        case declared
        /// The label named no charset we know; the text was read as UTF-8 or windows-1252.
        case unknownCharset
        /// The bytes were invalid in the declared charset and were read another way.
        case mismatch
    }

    /// Decodes `bytes` declared as `label` (nil: none declared, which RFC 2046 makes US-ASCII).
    ///
    /// When the declared charset rejects the bytes, UTF-8 is tried, then a lossy read in the declared charset for
    /// multi-byte charsets (a few bad bytes in Japanese text should not turn it all into Latin letters), and finally
    /// windows-1252, which accepts every byte.
    public static func decode(_ bytes: some Collection<UInt8>, label: String?) -> (text: String, outcome: Outcome) {
        let charset = label.flatMap(Charset.init(label:))
        if let charset, let text = charset.decodeStrictly(bytes) {
            return (text, .declared)
        }
        let outcome: Outcome = (label == nil || charset != nil) ? .mismatch : .unknownCharset
        if charset != .utf8, let text = String(validating: bytes, as: UTF8.self) {
            // Undeclared text that is valid UTF-8 (plain ASCII included) is not a problem worth reporting.
            return (text, label == nil ? .declared : outcome)
        }
        if let charset, charset.isMultiByte {
            return (charset.decodeLossily(bytes), outcome)
        }
        return (SingleByteCharset.windows1252.decode(bytes), outcome)
    }
}
