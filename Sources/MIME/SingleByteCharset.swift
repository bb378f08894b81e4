import Synchronization

/// Charsets with one byte per character: ISO-8859-x, windows-125x and KOI8. Each decodes through a 128-entry table
/// for the upper half; the tables come from the C library's converters the first time a charset is used, so they
/// match what iconv would produce, at table-lookup speed.
public enum SingleByteCharset: String, Sendable, Hashable, CaseIterable {
    case iso8859_1 = "ISO-8859-1", iso8859_2 = "ISO-8859-2", iso8859_3 = "ISO-8859-3", iso8859_4 = "ISO-8859-4"
    case iso8859_5 = "ISO-8859-5", iso8859_6 = "ISO-8859-6", iso8859_7 = "ISO-8859-7", iso8859_8 = "ISO-8859-8"
    case iso8859_9 = "ISO-8859-9", iso8859_10 = "ISO-8859-10", iso8859_13 = "ISO-8859-13"
    case iso8859_14 = "ISO-8859-14", iso8859_15 = "ISO-8859-15", iso8859_16 = "ISO-8859-16"
    case windows1250 = "CP1250", windows1251 = "CP1251", windows1252 = "CP1252", windows1253 = "CP1253"
    case windows1254 = "CP1254", windows1255 = "CP1255", windows1256 = "CP1256", windows1257 = "CP1257"
    case windows1258 = "CP1258", koi8r = "KOI8-R", koi8u = "KOI8-U", ibm866 = "CP866", macintosh = "MACINTOSH"

    init?(normalizedLabel name: String) {
        var name = name
        for prefix in ["iso_8859-", "iso8859-", "iso-8859_", "iso8859_", "iso-8859-", "latin-"] where name.hasPrefix(prefix) {
            name = "iso-8859-" + name.dropFirst(prefix.count)
        }
        if let dash = name.dropFirst("iso-8859-".count).firstIndex(of: ":"), name.hasPrefix("iso-8859-") {
            name = String(name[..<dash])  // "iso-8859-1:1987"
        }
        switch name {
        case "iso-8859-1", "latin1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "iso88591":
            self = .iso8859_1
        case "iso-8859-2", "latin2", "l2", "iso-ir-101", "csisolatin2", "iso88592": self = .iso8859_2
        case "iso-8859-3", "latin3", "l3": self = .iso8859_3
        case "iso-8859-4", "latin4", "l4": self = .iso8859_4
        case "iso-8859-5", "cyrillic", "csisolatincyrillic": self = .iso8859_5
        case "iso-8859-6", "arabic", "asmo-708", "ecma-114": self = .iso8859_6
        case "iso-8859-7", "greek", "greek8", "elot_928", "ecma-118": self = .iso8859_7
        case "iso-8859-8", "iso-8859-8-i", "iso-8859-8-e", "hebrew", "visual", "logical": self = .iso8859_8
        case "iso-8859-9", "latin5", "l5": self = .iso8859_9
        case "iso-8859-10", "latin6", "l6": self = .iso8859_10
        case "iso-8859-13", "latin7": self = .iso8859_13
        case "iso-8859-14", "latin8": self = .iso8859_14
        case "iso-8859-15", "latin9", "latin-9", "l9", "iso885915": self = .iso8859_15
        case "iso-8859-16", "latin10": self = .iso8859_16
        case "windows-1250", "cp1250", "x-cp1250", "win-1250": self = .windows1250
        case "windows-1251", "cp1251", "x-cp1251", "win-1251": self = .windows1251
        // WHATWG reads these labels as windows-1252, and so does every mail reader: senders mislabel CP1252 text.
        case "windows-1252", "cp1252", "x-cp1252", "win-1252", "ansi", "x-ansi": self = .windows1252
        case "windows-1253", "cp1253": self = .windows1253
        case "windows-1254", "cp1254": self = .windows1254
        case "windows-1255", "cp1255": self = .windows1255
        case "windows-1256", "cp1256": self = .windows1256
        case "windows-1257", "cp1257": self = .windows1257
        case "windows-1258", "cp1258": self = .windows1258
        case "koi8-r", "koi8r", "koi8", "cskoi8r": self = .koi8r
        case "koi8-u", "koi8u", "koi8-ru": self = .koi8u
        case "ibm866", "cp866", "866": self = .ibm866
        case "macintosh", "mac", "x-mac-roman", "macroman": self = .macintosh
        default: return nil
        }
    }

    /// Decodes every byte; bytes the charset leaves undefined become U+FFFD.
    public func decode(_ bytes: some Collection<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable({ transcode($0, strictly: false) }) { return text! }
        return decodeScalars(bytes)
    }

    /// Decodes the bytes, or nil when one of them is undefined in this charset.
    public func decodeStrictly(_ bytes: some Collection<UInt8>) -> String? {
        if let text = bytes.withContiguousStorageIfAvailable({ transcode($0, strictly: true) }) { return text }
        return decodeScalarsStrictly(bytes)
    }

    /// The text as UTF-8 bytes built straight from the table, then one String: the same scalars as
    /// ``decodeScalars(_:)`` without appending them one by one to a `String.UnicodeScalarView`. Plain ASCII (the
    /// lower half is ASCII in every charset here) becomes a String as it is.
    private func transcode(_ bytes: UnsafeBufferPointer<UInt8>, strictly: Bool) -> String? {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        if self == .iso8859_1 {
            for byte in bytes {
                if byte < 0x80 {
                    output.append(byte)
                } else {
                    output.append(0xC0 | byte >> 6)
                    output.append(0x80 | byte & 0x3F)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
        let table = upperHalf
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            guard let scalar = table[Int(byte - 0x80)] ?? (strictly ? nil : "\u{FFFD}") else { return nil }
            let value = scalar.value
            if value < 0x80 {
                output.append(UInt8(value))
            } else if value < 0x800 {
                output.append(UInt8(0xC0 | value >> 6))
                output.append(UInt8(0x80 | value & 0x3F))
            } else if value < 0x1_0000 {
                output.append(UInt8(0xE0 | value >> 12))
                output.append(UInt8(0x80 | value >> 6 & 0x3F))
                output.append(UInt8(0x80 | value & 0x3F))
            } else {
                output.append(UInt8(0xF0 | value >> 18))
                output.append(UInt8(0x80 | value >> 12 & 0x3F))
                output.append(UInt8(0x80 | value >> 6 & 0x3F))
                output.append(UInt8(0x80 | value & 0x3F))
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// ``decode(_:)`` one scalar at a time: for collections without contiguous storage, and the reference the
    /// tests compare ``transcode(_:strictly:)`` with.
    func decodeScalars(_ bytes: some Collection<UInt8>) -> String {
        if self == .iso8859_1 {
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let table = upperHalf
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : (table[Int(byte - 0x80)] ?? "\u{FFFD}"))
        }
        return String(scalars)
    }

    /// ``decodeStrictly(_:)`` one scalar at a time (see ``decodeScalars(_:)``).
    func decodeScalarsStrictly(_ bytes: some Collection<UInt8>) -> String? {
        if self == .iso8859_1 { return decodeScalars(bytes) }
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let table = upperHalf
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else if let scalar = table[Int(byte - 0x80)] {
                scalars.append(scalar)
            } else {
                return nil
            }
        }
        return String(scalars)
    }

    private var upperHalf: [Unicode.Scalar?] {
        if self == .windows1252 { return Self.windows1252Table }
        return SingleByteTables.shared.table(for: self)
    }

    /// windows-1252 as WHATWG defines it: the five bytes Microsoft leaves undefined map to C1 controls, so that
    /// this decoder accepts every byte and can be the last fallback.
    static let windows1252Table: [Unicode.Scalar?] = {
        let c1: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
            0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
            0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return (0..<128).map { index in
            index < 32 ? Unicode.Scalar(c1[index]) : Unicode.Scalar(UInt32(index + 0x80))
        }
    }()
}

/// Tables built once per charset from iconv, shared by all threads.
final class SingleByteTables: Sendable {
    static let shared = SingleByteTables()
    private let tables = Mutex<[SingleByteCharset: [Unicode.Scalar?]]>([:])

    func table(for charset: SingleByteCharset) -> [Unicode.Scalar?] {
        tables.withLock { tables in
            if let table = tables[charset] { return table }
            let table: [Unicode.Scalar?] = (0x80...0xFF).map { byte in
                IconvConverter.convert([UInt8(byte)], from: charset.rawValue, lossy: false)?.unicodeScalars.first
            }
            tables[charset] = table
            return table
        }
    }
}
