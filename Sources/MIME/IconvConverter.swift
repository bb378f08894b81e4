#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversion to UTF-8 through the C library's iconv, for the charsets Swift's standard library doesn't know.
enum IconvConverter {
    /// Converts `bytes` from the iconv charset `name`. Strict mode returns nil on any invalid or truncated sequence;
    /// lossy mode replaces each bad byte with U+FFFD. Returns nil as well when iconv doesn't know `name`.
    static func convert(_ bytes: [UInt8], from name: String, lossy: Bool) -> String? {
        guard let converter = openConverter(from: name) else { return nil }
        defer { iconv_close(converter) }
        if bytes.isEmpty { return "" }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var consumed = 0
        var produced = 0
        while true {
            var errorCode: Int32 = 0
            input.withUnsafeMutableBytes { inputBytes in
                output.withUnsafeMutableBytes { outputBytes in
                    var inPointer: UnsafeMutablePointer<CChar>? = inputBytes.baseAddress!
                        .assumingMemoryBound(to: CChar.self) + consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = outputBytes.baseAddress!
                        .assumingMemoryBound(to: CChar.self) + produced
                    var inLeft = inputBytes.count - consumed
                    var outLeft = outputBytes.count - produced
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { errorCode = errno }
                    consumed = inputBytes.count - inLeft
                    produced = outputBytes.count - outLeft
                }
            }
            if errorCode == 0 {
                // Flush: stateful converters (CP1255, CP1258, ISO-2022-JP) hold back a character until they know
                // whether a combining mark or a shift sequence follows.
                var flushError: Int32 = 0
                output.withUnsafeMutableBytes { outputBytes in
                    var outPointer: UnsafeMutablePointer<CChar>? = outputBytes.baseAddress!
                        .assumingMemoryBound(to: CChar.self) + produced
                    var outLeft = outputBytes.count - produced
                    if iconv(converter, nil, nil, &outPointer, &outLeft) == -1 { flushError = errno }
                    produced = outputBytes.count - outLeft
                }
                if flushError == E2BIG {
                    output.append(contentsOf: repeatElement(0, count: 64))
                    continue
                }
                break
            }
            if errorCode == E2BIG {
                output.append(contentsOf: repeatElement(0, count: output.count))
                continue
            }
            // EILSEQ (an invalid sequence) or EINVAL (a sequence cut off at the end).
            guard lossy else { return nil }
            if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: 16)) }
            output.replaceSubrange(produced..<(produced + 3), with: [0xEF, 0xBF, 0xBD])
            produced += 3
            consumed += 1
            if consumed >= input.count { break }
        }
        return String(decoding: output[0..<produced], as: UTF8.self)
    }

    private static func openConverter(from name: String) -> iconv_t? {
        let converter = iconv_open("UTF-8", name)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        return converter
    }
}
