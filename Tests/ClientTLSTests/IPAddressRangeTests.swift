import ClientTLS
import Testing

/// CIDR ranges and addresses as operators write them: strict parsing, the messages for mistakes, RFC 5952 text.
struct IPAddressRangeTests {
    @Test(arguments: [
        ("10.1.2.0/24", "10.1.2.0/24"), ("0.0.0.0/0", "0.0.0.0/0"), ("127.0.0.1/32", "127.0.0.1/32"),
        ("::/0", "::/0"), ("fd00:ec2::254/128", "fd00:ec2::254/128"), ("2001:DB8::/32", "2001:db8::/32"),
        ("::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104"), ("fe80:0:0:0::/64", "fe80::/64"),
        ("2001:db8:0:0:1:0:0:0/80", "2001:db8:0:0:1::/80"),
    ])
    func parsesValidRanges(_ text: String, _ canonical: String) throws {
        let range = try IPAddressRange(parsing: text)
        #expect(range.description == canonical)
        #expect(try IPAddressRange(parsing: canonical) == range)
    }

    /// Each mistake and a piece of the message that says what to write instead.
    @Test(arguments: [
        ("10.1.2.3/24", "the range starting there is 10.1.2.0/24, or write 10.1.2.3/32"),
        ("fd00::1/64", "the range starting there is fd00::/64"),
        ("10.1.2.0", "no prefix length: write 10.1.2.0/32"),
        ("::1", "no prefix length: write ::1/128"),
        ("10.1.2.0/33", "from 0 to 32 for an IPv4 address"),
        ("::/129", "from 0 to 128 for an IPv6 address"),
        ("10.1.2.0/", "from 0 to 32"), ("10.1.2.0/-1", "from 0 to 32"), ("10.1.2.0/024", "from 0 to 32"),
        ("10.1.2.0/ 24", "from 0 to 32"), ("10.1.2.0/+8", "from 0 to 32"), ("10.1.2.0/2४", "from 0 to 32"),
        ("10.1.2.0/24/8", "is not a CIDR range"), ("", "is not a CIDR range"), ("localhost", "is not a CIDR range"),
        ("10.1.2/24", "'10.1.2' is not an IPv4 or IPv6 address"),
        ("010.1.2.0/24", "is not an IPv4 or IPv6 address"), ("256.1.2.0/24", "is not an IPv4 or IPv6 address"),
        ("1.2.3.4.5/32", "is not an IPv4 or IPv6 address"), ("0x7f.0.0.1/32", "is not an IPv4 or IPv6 address"),
        (" 10.0.0.0/8", "is not an IPv4 or IPv6 address"),
        ("fe80::1%eth0/128", "is not an IPv4 or IPv6 address"), ("2001:db8::1::/64", "is not an IPv4 or IPv6"),
        ("2001:db8:::/64", "is not an IPv4 or IPv6"), ("12345::/16", "is not an IPv4 or IPv6"),
        ("g::/16", "is not an IPv4 or IPv6"), ("1:2:3:4:5:6:7:8:9/128", "is not an IPv4 or IPv6"),
        ("1:2:3:4:5:6:7::8/128", "is not an IPv4 or IPv6"), ("1:2:3:4:5:6:7/112", "is not an IPv4 or IPv6"),
        ("::ffff:1.2.3/128", "is not an IPv4 or IPv6"), ("::1.2.3.4:5/128", "is not an IPv4 or IPv6"),
    ])
    func refusesMistakesWithAClearMessage(_ text: String, _ expected: String) {
        let error = #expect(throws: IPAddressRange.ParseError.self) { try IPAddressRange(parsing: text) }
        let message = error?.description ?? ""
        #expect(message.contains(expected) && message.contains("'\(text)'"), "\(message)")
    }

    @Test(arguments: [
        ("::ffff:7f00:1", "::ffff:127.0.0.1"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("fe80::", "fe80::"), ("::", "::"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"), ("::1.2.3.4", "::102:304"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"), ("192.0.2.1", "192.0.2.1"),
    ])
    func addressesPrintTheRFC5952Way(_ text: String, _ canonical: String) throws {
        #expect(try #require(IPAddress(text)).description == canonical)
    }

    @Test func rangesContainTheirAddressesAndMappedForms() throws {
        let v4 = try IPAddressRange(parsing: "10.1.2.0/24")
        #expect(v4.contains(try #require(IPAddress("10.1.2.0"))))
        #expect(v4.contains(try #require(IPAddress("10.1.2.255"))))
        #expect(!v4.contains(try #require(IPAddress("10.1.3.0"))))
        #expect(!v4.contains(try #require(IPAddress("10.1.1.255"))))
        #expect(v4.contains(try #require(IPAddress("::ffff:10.1.2.7"))))
        // NAT64 reaches the address through a translator elsewhere: not the same host.
        #expect(!v4.contains(try #require(IPAddress("64:ff9b::10.1.2.7"))))
        let v6 = try IPAddressRange(parsing: "::ffff:10.1.2.0/120")
        #expect(v6.contains(try #require(IPAddress("10.1.2.9"))))
        #expect(try IPAddressRange(parsing: "0.0.0.0/0").contains(try #require(IPAddress("255.255.255.255"))))
        #expect(try IPAddressRange(parsing: "::/0").contains(try #require(IPAddress("ffff::1"))))
    }
}
