import NIOCore
import NIOPosix

extension OutboundPolicy.Endpoint {
    /// The endpoints a server listening on `host:port` answers on, for ``OutboundPolicy/refusedEndpoints``: the
    /// addresses `host` resolves to (every address of this machine's interfaces and every loopback address when it
    /// is unspecified, `0.0.0.0` or `::`), and the unspecified addresses, which Linux connects to the local host.
    /// Each IPv4 address is also listed in its IPv4-mapped IPv6 form.
    public static func listening(host: String, port: Int) -> [Self] {
        var addresses: [IPAddress] = [.v4(0), .v6(0)]
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var ranges: [IPAddressRange] = []
        if let literal = IPAddress(bare) {
            addresses.append(literal)
        } else {
            let resolved = (try? OutboundPolicy.lookUp(bare, port: port)) ?? []
            addresses += resolved.compactMap { IPAddress($0) }
        }
        if addresses.dropFirst(2).contains(where: { AddressCategory(of: $0) == .unspecified }) {
            ranges += [IPAddressRange(uncheckedNetwork: .v4(0x7f00_0000), prefixLength: 8),
                       IPAddressRange(uncheckedNetwork: .v6(1), prefixLength: 128)]
            let devices = (try? System.enumerateDevices()) ?? []
            addresses += devices.compactMap { device in device.address.flatMap { IPAddress($0) } }
        }
        for address in addresses {
            ranges.append(IPAddressRange(uncheckedNetwork: address, prefixLength: address.bitWidth))
            if case .v4(let value) = address {
                ranges.append(IPAddressRange(uncheckedNetwork: .v6(0xffff_0000_0000 | UInt128(value)),
                                             prefixLength: 128))
            }
        }
        var seen = Set<IPAddressRange>()
        return ranges.filter { seen.insert($0).inserted }.map { Self(range: $0, port: port) }
    }
}
