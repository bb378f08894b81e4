import Hummingbird
import NIOCore

/// The request context of the simulator's routes: Hummingbird's core storage plus the TCP channel, because
/// NTLM authenticates a connection and its state is kept per channel.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// EWS bodies with MIME content can be large.
    var maxUploadSize: Int { 64 * 1024 * 1024 }
}
