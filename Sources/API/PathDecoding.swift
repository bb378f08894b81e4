import Foundation

/// Percent-decoding of path segments (RFC 3986 §2.1), and the one rewrite done before routing: the official
/// Communications Mining client puts `owner/name` into one path segment, so the slash arrives as `%2F`
/// (`/api/v1/sources/ops%2Fmail/sync`). In the segment after a collection that takes `<owner>/<name>`, the first
/// `%2F` becomes a path separator; names can't hold `/`, so this is never ambiguous. Everywhere else `%2F` stays
/// part of its segment (a comment id `a/b` is `comments/a%2Fb`) and is decoded with the segment.
enum PathDecoding {
    /// Collections whose members are addressed as `<owner>/<name>` (after `api/v1/` or `api/_private/`).
    static let ownerNameCollections: Set<Substring> = ["buckets", "sources", "datasets", "integrations"]

    /// The percent-decoded segment; nil for a malformed escape or bytes that are not UTF-8.
    static func decode(_ segment: String) -> String? {
        guard segment.utf8.contains(UInt8(ascii: "%")) else { return segment }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count)
        var iterator = segment.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The path with `owner%2Fname` split in the segment after an owner/name collection; nil when nothing changes.
    static func splittingOwnerName(_ path: String) -> String? {
        guard path.utf8.count > 12, path.contains("%2") else { return nil }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        // "", "api", "v1" | "_private", collection, member, …
        guard segments.count >= 5, segments[0].isEmpty, segments[1] == "api",
              segments[2] == "v1" || segments[2] == "_private", ownerNameCollections.contains(segments[3]) else {
            return nil
        }
        let member = segments[4]
        guard let range = member.range(of: "%2F") ?? member.range(of: "%2f"),
              range.lowerBound != member.startIndex, range.upperBound != member.endIndex else { return nil }
        segments[4] = Substring(String(member[..<range.lowerBound]) + "/" + member[range.upperBound...])
        return segments.joined(separator: "/")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
