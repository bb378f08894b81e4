import ArgumentParser
import ClientTLS

/// Where `serve` and `sync` may connect on a user's behalf, beyond what the configuration file's `network:`
/// section allows (flags add to it). Without either, only public addresses are reachable.
struct NetworkOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(
        "Allow connections to loopback, private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10) and "
            + "unique local IPv6 (fc00::/7) addresses, as network.allow_private_networks does. Link-local and "
            + "cloud metadata addresses stay refused."))
    var allowPrivateNetworks = false

    @Option(name: .customLong("outbound-allow"),
            help: ArgumentHelp("Allow connections to this CIDR range, whatever it is (repeatable), as "
                               + "network.outbound_allow does.", valueName: "cidr"),
            transform: NetworkOptions.range)
    var outboundAllow: [IPAddressRange] = []

    static func range(_ text: String) throws -> IPAddressRange {
        do {
            return try IPAddressRange(parsing: text)
        } catch let error as IPAddressRange.ParseError {
            // ArgumentParser puts the option and the value in front of it.
            throw ValidationError(error.description)
        }
    }
}
