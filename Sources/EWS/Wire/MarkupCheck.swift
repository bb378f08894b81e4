/// Finds DOCTYPE declarations and processing instructions in a prepared response, skipping comments and CDATA
/// sections.
struct MarkupCheck {
    var hasDoctype = false
    var hasProcessingInstruction = false

    init(input: UnsafeBufferPointer<UInt8>) {
        let start = hasPrefix(input, [0xEF, 0xBB, 0xBF], at: 0) ? 3 : 0
        var index = start
        while index < input.count {
            guard input[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if hasPrefix(input, Self.commentStart, at: index) {
                index = skip(input, past: Self.commentEnd, from: index + 4)
            } else if hasPrefix(input, Self.cdataStart, at: index) {
                index = skip(input, past: Self.cdataEnd, from: index + 9)
            } else if hasPrefix(input, Self.doctype, at: index) {
                hasDoctype = true
                index += 1
            } else if hasPrefix(input, Self.instruction, at: index) {
                let isDeclaration = index == start && hasPrefix(input, Self.declaration, at: index)
                    && index + 5 < input.count && [0x20, 0x09, 0x0A, 0x0D].contains(input[index + 5])
                if !isDeclaration { hasProcessingInstruction = true }
                index += 2
            } else {
                index += 1
            }
        }
    }

    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8)
    private static let cdataEnd = Array("]]>".utf8)
    private static let doctype = Array("<!DOCTYPE".utf8)
    private static let declaration = Array("<?xml".utf8)
    private static let instruction = Array("<?".utf8)

    private func hasPrefix(_ input: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= input.count else { return false }
        return pattern.indices.allSatisfy { input[index + $0] == pattern[$0] }
    }

    private func skip(_ input: UnsafeBufferPointer<UInt8>, past pattern: [UInt8], from index: Int) -> Int {
        var position = index
        while position < input.count, !hasPrefix(input, pattern, at: position) { position += 1 }
        return position + pattern.count
    }
}
