import Hummingbird
import NIOCore

/// The request context of the simulator's routes: Hummingbird's core storage plus the TCP channel, which an
/// injected ``GraphFailure/dropConnection`` closes.
struct GraphRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    var maxUploadSize: Int { 16 * 1024 * 1024 }
}
