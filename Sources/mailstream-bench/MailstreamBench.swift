import Crypto
import Domain
import Foundation
import MIME
import SQLiteStore
import Store

/// `mailstream-bench mime <file-list> [--repeat R]`: parses every listed message from memory R times, decoding every
/// leaf part (transfer encoding, and charset for text parts) and the subject, and prints one JSON line with the
/// totals. `scripts/bench mime` runs it beside other parsers on the same files.
///
/// `mailstream-bench convert <file-list> [--repeat R] [--digest]`: turns every listed message into a comment R times
/// on one thread (parse, body choice, cleaning, quote and signature split, language, attachments: the sync path's
/// CPU work) and prints one JSON line with the totals. `--digest` adds the SHA-256 of every comment's JSON, in
/// list order, so a change meant to be faster can be shown to give the same comments; `--digest-file F` also writes
/// each comment's JSON and conversion notes to F, a line per message, to see which ones differ.
///
/// `mailstream-bench encode <file-list> [--repeat R]`: converts every listed message once, then encodes the comments
/// R times with `JSONEncoder` (`JSONCoding.encoder()`) and R times with `CommentJSON`, and prints the microseconds
/// per comment of each and whether every output was byte-identical.
///
/// `mailstream-bench store <file-list> [--repeat R] [--page N] [--copies C]`: converts every listed message once
/// (not timed), then R times applies them to a new SQLite store in a temporary data folder, in batches of N
/// (default 100, as the sync engine's pages), each with its folder cursor, as an initial sync does; and prints the
/// wall and CPU seconds of the applies (the store's own work: encoding the comments, statements, commits, the log
/// and its checkpoints) per message. `--copies C` stores the list C times, each copy under other ids (a hash of the copy number and the
/// id, so they spread over the indexes as real ids do), to see how the cost grows with the store.
@main
struct MailstreamBench {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let mode = arguments.first, ["mime", "convert", "encode", "store"].contains(mode), arguments.count >= 2 else {
            FileHandle.standardError.write(Data(
                "usage: mailstream-bench mime|convert|encode|store <file-list> [--repeat R] [--digest]\n".utf8))
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
        if mode == "store" {
            var pageSize = 100
            if let flag = arguments.firstIndex(of: "--page"), flag + 1 < arguments.count {
                pageSize = max(1, Int(arguments[flag + 1]) ?? 100)
            }
            var copies = 1
            if let flag = arguments.firstIndex(of: "--copies"), flag + 1 < arguments.count {
                copies = max(1, Int(arguments[flag + 1]) ?? 1)
            }
            try await store(messages, repeats: repeats, pageSize: pageSize, copies: copies)
            return
        }
        if mode == "encode" {
            try encode(messages, repeats: repeats)
            return
        }
        if mode == "convert" {
            var digestFile: String?
            if let flag = arguments.firstIndex(of: "--digest-file"), flag + 1 < arguments.count {
                digestFile = arguments[flag + 1]
            }
            try convert(messages, bytes: totalBytes, repeats: repeats,
                        digest: arguments.contains("--digest") || digestFile != nil, digestFile: digestFile)
            return
        }
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

    private static func encode(_ messages: [[UInt8]], repeats: Int) throws {
        let comments = messages.map {
            EmailToComment.convert($0, metadata: EmailMetadata(folder: ["INBOX"], mailbox: "bench")).comment
        }
        var identical = true
        for comment in comments where try Array(CommentJSON.string(comment).utf8) != Array(JSONCoding.encoder()
            .encode(comment)) {
            identical = false
        }
        let encoder = JSONCoding.encoder()
        var checksum = 0
        var start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats {
            for comment in comments { checksum &+= try encoder.encode(comment).count }
        }
        let foundationSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats {
            for comment in comments { checksum &-= try CommentJSON.string(comment).utf8.count }
        }
        let handSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let count = Double(comments.count * repeats)
        print(#"{"comments": \#(comments.count * repeats), "#
            + #""json_encoder_microseconds": \#(foundationSeconds * 1e6 / count), "#
            + #""comment_json_microseconds": \#(handSeconds * 1e6 / count), "#
            + #""identical": \#(identical && checksum == 0)}"#)
    }

    private static func store(_ messages: [[UInt8]], repeats: Int, pageSize: Int, copies: Int) async throws {
        let originals = messages.map { raw in
            let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: ["INBOX"], mailbox: "bench"))
            return IncomingEmail(serverID: "", raw: raw, converted: converted, receivedAt: nil,
                                 storesAttachments: true, isRead: false)
        }
        var incoming: [IncomingEmail] = []
        for copy in 0..<copies {
            for var email in originals {
                email.serverID = String(incoming.count + 1)
                if copy > 0 {
                    email.converted.comment.id = String(ContentHash.sha256Hex("\(copy)/\(email.converted.comment.id)"
                        .utf8).prefix(40))
                }
                incoming.append(email)
            }
        }
        var wall = 0.0
        var cpu = 0.0
        for _ in 0..<repeats {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("mailstream-bench-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let data = try DataFolder(path: folder.path)
            let store = SQLiteStore(dataFolder: data, secrets: SecretBox(key: SymmetricKey(size: .bits256)))
            let bucket = try await store.createBucket(owner: "bench", name: "bench", title: "")
            _ = try await store.createSource(owner: "bench", name: "bench", bucketID: bucket.id)
            let startCPU = cpuSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            var offset = 0
            while offset < incoming.count {
                let page = Array(incoming[offset..<min(offset + pageSize, incoming.count)])
                offset += page.count
                _ = try await store.apply(SyncBatch(
                    integrationID: "bench", mailboxID: "bench", mailboxAddress: "bench@example.com",
                    bucketID: bucket.id, folder: "INBOX", changes: page.map { .upsert($0) }, cursor: "1:\(offset)"))
            }
            data.checkpointer.waitUntilIdle()
            wall += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            cpu += cpuSeconds() - startCPU
        }
        let count = Double(incoming.count * repeats)
        print(#"{"store": "sqlite", "messages": \#(incoming.count * repeats), "page": \#(pageSize), "#
            + #""wall_microseconds_per_message": \#(wall * 1e6 / count), "#
            + #""cpu_microseconds_per_message": \#(cpu * 1e6 / count)}"#)
    }

    /// User plus system time of the whole process so far.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func convert(_ messages: [[UInt8]], bytes: Int, repeats: Int, digest: Bool,
                                digestFile: String?) throws {
        var checksum = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats {
            for raw in messages {
                let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: ["INBOX"], mailbox: "bench"))
                checksum &+= converted.comment.messages.first?.body.text.utf8.count ?? 0
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var line = #"{"converter": "mailstream", "messages": \#(messages.count * repeats), "bytes": \#(bytes * repeats), "#
            + #""seconds": \#(seconds), "microseconds_per_message": \#(seconds * 1e6 / Double(messages.count * repeats)), "#
            + #""checksum": \#(checksum)"#
        if digest {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var hash = SHA256()
            var lines = ""
            for raw in messages {
                let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: ["INBOX"], mailbox: "bench"))
                let json = try encoder.encode(converted.comment)
                let warnings = Data(converted.conversionWarnings.joined(separator: "\n").utf8)
                hash.update(data: json)
                hash.update(data: warnings)
                if digestFile != nil {
                    lines += String(decoding: json, as: UTF8.self) + "\t" + String(decoding: warnings, as: UTF8.self)
                        .replacingOccurrences(of: "\n", with: " | ") + "\n"
                }
            }
            if let digestFile { try Data(lines.utf8).write(to: URL(fileURLWithPath: digestFile)) }
            line += #", "digest": "\#(hash.finalize().map { String(format: "%02x", $0) }.joined())""#
        }
        print(line + "}")
    }
}
