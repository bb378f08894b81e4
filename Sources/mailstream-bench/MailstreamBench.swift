import Foundation
import MIME

/// `mailstream-bench mime <file-list> [--repeat R]`: parses every listed message from memory R times, decoding every
/// leaf part (transfer encoding, and charset for text parts) and the subject, and prints one JSON line with the
/// totals. `scripts/bench mime` runs it beside other parsers on the same files.
@main
struct MailstreamBench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.first == "mime", arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: mailstream-bench mime <file-list> [--repeat R]\n".utf8))
            exit(2)
        }
        arguments.removeFirst()
        let listPath = arguments.removeFirst()
        var repeats = 1
        if let flag = arguments.firstIndex(of: "--repeat"), flag + 1 < arguments.count {
            repeats = max(1, Int(arguments[flag + 1]) ?? 1)
        }
        let list = try String(contentsOfFile: listPath, encoding: .utf8)
        let messages: [[UInt8]] = list.split(separator: "\n").compactMap { path in
            FileManager.default.contents(atPath: String(path)).map(Array.init)
        }
        let totalBytes = messages.reduce(0) { $0 + $1.count }
        let parser = MIMEParser()
        var checksum = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats {
            for bytes in messages {
                let message = parser.parse(bytes)
                checksum &+= message.subject?.utf8.count ?? 0
                for part in message.allParts where part.isLeaf {
                    if part.contentType.isText {
                        checksum &+= part.decodedText().text.utf8.count
                    } else {
                        checksum &+= part.decodedBody().count
                    }
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let line = #"{"parser": "mailstream", "messages": \#(messages.count * repeats), "bytes": \#(totalBytes * repeats), "#
            + #""seconds": \#(seconds), "checksum": \#(checksum)}"#
        print(line)
    }
}
