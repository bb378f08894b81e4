extension PreprocessorScan {
    /// At a `<`: if it opens a `MimeContent` or `Content` element (any prefix) whose whole content is base64,
    /// decodes the content into ``blobs``, writes the start tag with an `ewsBlob="N"` attribute and no content,
    /// and returns the index of the end tag. Returns `nil`, changing nothing, for any other element, and for a
    /// start tag or content this cannot take as it is (non-ASCII or `&` in the tag, child markup, no matching
    /// end tag, invalid base64): the parser then sees the original bytes.
    mutating func extractBase64(at index: Int) -> Int? {
        var position = index + 1
        while position < input.count, !Self.endsName(input[position]) { position += 1 }
        let name = index + 1..<position
        guard isBase64Element(name) else { return nil }

        var quote: UInt8?
        while position < input.count {
            let byte = input[position]
            guard byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D, byte < 0x80,
                byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<")
            else { return nil }
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            position += 1
        }
        guard position < input.count, input[position - 1] != UInt8(ascii: "/") else { return nil }
        let tagEnd = position

        var textEnd = tagEnd + 1
        while textEnd < input.count, input[textEnd] != UInt8(ascii: "<") { textEnd += 1 }
        guard isEndTag(at: textEnd, name: name) else { return nil }
        var decoder = Base64StreamDecoder(encodedLength: textEnd - tagEnd - 1)
        decoder.append(UnsafeBufferPointer(rebasing: input[(tagEnd + 1)..<textEnd]))
        guard let bytes = decoder.finish() else { return nil }

        let attribute = " \(ResponsePreprocessor.blobAttribute)=\"\(blobs.count)\">"
        blobs.append(bytes)
        replace(tagEnd..<textEnd, with: Array(attribute.utf8), counted: false)
        return textEnd
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "<"): true
        default: false
        }
    }

    /// Whether the local name (after any prefix) is `MimeContent` or `Content`.
    private func isBase64Element(_ name: Range<Int>) -> Bool {
        var localStart = name.lowerBound
        for position in name where input[position] == UInt8(ascii: ":") { localStart = position + 1 }
        let local = input[localStart..<name.upperBound]
        return local.elementsEqual("MimeContent".utf8) || local.elementsEqual("Content".utf8)
    }

    /// Whether `</name>` (white space allowed before `>`) starts at `index`.
    private func isEndTag(at index: Int, name: Range<Int>) -> Bool {
        var position = index + 2
        guard position + name.count <= input.count, input[index] == UInt8(ascii: "<"),
            input[index + 1] == UInt8(ascii: "/"),
            input[position..<position + name.count].elementsEqual(input[name])
        else { return false }
        position += name.count
        while position < input.count, [0x20, 0x09, 0x0A, 0x0D].contains(input[position]) { position += 1 }
        return position < input.count && input[position] == UInt8(ascii: ">")
    }
}
