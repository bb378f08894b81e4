import NIOCore
import NIOPosix
import Synchronization

/// An SMTP server on 127.0.0.1 that follows a fixed script, for what the real Postfix can't be made to do (offer
/// only AUTH LOGIN, refuse or drop the connection at the end of data). It records every byte the client sent.
final class ScriptedSMTPServer: Sendable {
    /// What the server does when the client ends the data with "." on a line of its own.
    enum EndOfData: Sendable {
        case accept
        case reply(String)
        case close
        /// Never answer, and keep the connection open: the relay may or may not have taken the message.
        case hang
    }

    struct Script: Sendable {
        var extensions = ["AUTH LOGIN"]
        var endOfData = EndOfData.accept
    }

    final class Transcript: Sendable {
        private let bytes = Mutex<[UInt8]>([])

        func append(_ new: [UInt8]) { bytes.withLock { $0 += new } }
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    let transcript = Transcript()
    private let channel: any Channel

    init(_ script: Script) async throws {
        let transcript = self.transcript
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Handler(script: script, transcript: transcript))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var port: Int { channel.localAddress?.port ?? 0 }

    func close() async { try? await channel.close() }

    /// One session, line by line (the client waits for each reply, so lines never need reordering).
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let script: Script
        let transcript: Transcript
        var buffer: [UInt8] = []
        var inData = false
        var loginStep = 0

        init(script: Script, transcript: Transcript) {
            self.script = script
            self.transcript = transcript
        }

        func channelActive(context: ChannelHandlerContext) {
            reply(["220 scripted ESMTP"], context)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            let new = bytes.readBytes(length: bytes.readableBytes) ?? []
            transcript.append(new)
            buffer += new
            while let end = lineEnd() {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(..<(end + 2))
                handle(line, context)
            }
        }

        private func lineEnd() -> Int? {
            guard buffer.count >= 2 else { return nil }
            return (0..<(buffer.count - 1)).first { buffer[$0] == 13 && buffer[$0 + 1] == 10 }
        }

        private func handle(_ line: String, _ context: ChannelHandlerContext) {
            if inData {
                guard line == "." else { return }
                inData = false
                switch script.endOfData {
                case .accept: reply(["250 2.0.0 queued"], context)
                case .reply(let text): reply([text], context)
                case .close: context.close(promise: nil)
                case .hang: break
                }
                return
            }
            switch loginStep {
            case 1:
                loginStep = 2
                return reply(["334 UGFzc3dvcmQ6"], context)
            case 2:
                loginStep = 0
                return reply(["235 2.7.0 authenticated"], context)
            default: break
            }
            let command = line.uppercased()
            if command.hasPrefix("EHLO") {
                let lines = ["scripted"] + script.extensions
                reply(lines.enumerated().map { index, text in
                    "250\(index == lines.count - 1 ? " " : "-")\(text)"
                }, context)
            } else if command == "AUTH LOGIN" {
                loginStep = 1
                reply(["334 VXNlcm5hbWU6"], context)
            } else if command.hasPrefix("MAIL FROM:") || command.hasPrefix("RCPT TO:") {
                reply(["250 2.1.0 ok"], context)
            } else if command == "DATA" {
                inData = true
                reply(["354 end with <CRLF>.<CRLF>"], context)
            } else if command == "QUIT" {
                reply(["221 2.0.0 bye"], context)
                context.close(promise: nil)
            } else {
                reply(["502 5.5.2 not in the script"], context)
            }
        }

        private func reply(_ lines: [String], _ context: ChannelHandlerContext) {
            let text = lines.map { $0 + "\r\n" }.joined()
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
        }
    }
}
