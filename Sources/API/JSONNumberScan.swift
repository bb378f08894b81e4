/// Finds where a JSON body holds a number no integer field can take. Foundation's `JSONDecoder` reports a
/// fraction or an out-of-range number given for an integer (`{"limit": 1.5}`, `{"limit": 1e400}`) as "not valid
/// JSON" with no coding path; the bodies `JSONBody.decode` reads have integer fields only, so the first such
/// number is the one at fault, and this names its field.
enum JSONNumberScan {
    /// The path (`stream.size`, `ids[2]`) of the first number that is not a whole number within `Int`'s range;
    /// nil when there is none or the text is not JSON.
    static func firstNonInteger(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        return try? scanner.value(path: "")
    }

    private struct Malformed: Error {}

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Scans one value; returns the path of a bad number inside it, if any.
        mutating func value(path: String) throws -> String? {
            skipSpace()
            guard index < bytes.count else { throw Malformed() }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                skipSpace()
                if peek(UInt8(ascii: "}")) { index += 1; return nil }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    if let found = try value(path: path.isEmpty ? key : "\(path).\(key)") { return found }
                    skipSpace()
                    if peek(UInt8(ascii: ",")) { index += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return nil
                }
            case UInt8(ascii: "["):
                index += 1
                skipSpace()
                if peek(UInt8(ascii: "]")) { index += 1; return nil }
                var position = 0
                while true {
                    if let found = try value(path: "\(path)[\(position)]") { return found }
                    position += 1
                    skipSpace()
                    if peek(UInt8(ascii: ",")) { index += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return nil
                }
            case UInt8(ascii: "\""):
                _ = try string()
                return nil
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                while index < bytes.count, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[index]) { index += 1 }
                return nil
            default:
                let start = index
                while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
                guard index > start else { throw Malformed() }
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                return Int(text) == nil ? (path.isEmpty ? "$" : path) : nil
            }
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard index < bytes.count else { throw Malformed() }
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        mutating func expect(_ byte: UInt8) throws {
            guard peek(byte) else { throw Malformed() }
            index += 1
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }
    }
}
