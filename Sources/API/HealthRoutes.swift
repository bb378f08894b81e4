import Foundation
import Hummingbird
import Store

/// `GET /healthz`: answers without authentication whether the service and its store are up.
public enum HealthRoutes {
    public static func add(to router: Router<some RequestContext>, store: any Store) {
        router.get("healthz") { _, _ -> Response in
            let healthy = await store.isHealthy()
            let body = healthy ? #"{"status":"ok"}"# : #"{"status":"error","message":"store unavailable"}"#
            return Response(
                status: healthy ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}
