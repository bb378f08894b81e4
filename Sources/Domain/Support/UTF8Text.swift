/// Reading a `String`'s UTF-8 bytes directly, for the text scans that run on every line of every email.
///
/// A native Swift string is valid UTF-8 in contiguous storage, so walking its bytes and decoding only the non-ASCII
/// scalars is much cheaper than iterating `unicodeScalars` or `Character`s.
enum UTF8Text {
    /// Calls `body` with the string's UTF-8 bytes, copying them only when the string isn't stored contiguously.
    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the substring's UTF-8 bytes, copying them only when they aren't stored contiguously.
    static func withBytes<Result>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // `withUTF8` rather than the UTF-8 view's `withContiguousStorageIfAvailable`, which goes through `Slice`'s
        // generic version and costs more than many of the scans that use it. On a copy: it may make a string that
        // isn't native UTF-8 contiguous, and a native one it leaves as it is.
        var text = text
        return text.withUTF8(body)
    }

    /// The scalar whose encoding starts at `index`, which then moves past it. The bytes must be valid UTF-8 (as
    /// a `String`'s are) and `index` must be at the start of a scalar.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Unicode.Scalar {
        let lead = UInt32(bytes[index])
        var value: UInt32
        var length: Int
        switch lead {
        case ..<0x80: value = lead; length = 1
        case ..<0xE0: value = lead & 0x1F; length = 2
        case ..<0xF0: value = lead & 0x0F; length = 3
        default: value = lead & 0x07; length = 4
        }
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        index += length
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
