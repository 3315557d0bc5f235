// The AWS partitions, as botocore's data/partitions.json describes them (checked against
// botocore in STSEndpointBotocoreTests): which regions belong to which, and the DNS suffixes
// their service hosts end in. A few Swift values, not a JSON file read at run time: only an
// uncached STS or IAM Identity Center call looks them up.

/// One AWS partition: a set of regions that share DNS suffixes and FIPS and dual-stack support.
struct Partition: Equatable, Sendable {
    /// `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, ...
    let name: String
    /// The `PREFIX` of botocore's `regionRegex`, `^PREFIX\-\w+\-\d+$`: the region's leading labels.
    let regionPrefixes: [String]
    /// Regions of the partition its pattern does not match (the `*-global` pseudo-regions).
    let otherRegions: [String]
    let dnsSuffix: String
    let dualStackDNSSuffix: String
    let supportsFIPS: Bool
    let supportsDualStack: Bool
    /// botocore also consults its older endpoints.json before it creates a client, and refuses
    /// dual-stack where that file's partition has no dual-stack host for the region (aws-iso-e
    /// and aws-iso-f today; aws-iso and aws-iso-b are passed over there, so they work).
    let dualStackRefusedForPatternRegions: Bool

    /// The partitions in botocore's order: a region belongs to the first that claims it.
    static let all: [Partition] = [
        Partition(name: "aws", regionPrefixes: ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
                  otherRegions: ["aws-global"], dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws"),
        Partition(name: "aws-cn", regionPrefixes: ["cn"], otherRegions: ["aws-cn-global"],
                  dnsSuffix: "amazonaws.com.cn", dualStackDNSSuffix: "api.amazonwebservices.com.cn"),
        Partition(name: "aws-eusc", regionPrefixes: ["eusc-de"], otherRegions: [],
                  dnsSuffix: "amazonaws.eu", dualStackDNSSuffix: "api.amazonwebservices.eu"),
        Partition(name: "aws-iso", regionPrefixes: ["us-iso"], otherRegions: ["aws-iso-global"],
                  dnsSuffix: "c2s.ic.gov", dualStackDNSSuffix: "api.aws.ic.gov"),
        Partition(name: "aws-iso-b", regionPrefixes: ["us-isob"], otherRegions: ["aws-iso-b-global"],
                  dnsSuffix: "sc2s.sgov.gov", dualStackDNSSuffix: "api.aws.scloud"),
        Partition(name: "aws-iso-e", regionPrefixes: ["eu-isoe"], otherRegions: ["aws-iso-e-global"],
                  dnsSuffix: "cloud.adc-e.uk", dualStackDNSSuffix: "api.cloud-aws.adc-e.uk",
                  dualStackRefusedForPatternRegions: true),
        Partition(name: "aws-iso-f", regionPrefixes: ["us-isof"], otherRegions: ["aws-iso-f-global"],
                  dnsSuffix: "csp.hci.ic.gov", dualStackDNSSuffix: "api.aws.hci.ic.gov",
                  dualStackRefusedForPatternRegions: true),
        Partition(name: "aws-us-gov", regionPrefixes: ["us-gov"], otherRegions: ["aws-us-gov-global"],
                  dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws"),
    ]

    private init(name: String, regionPrefixes: [String], otherRegions: [String], dnsSuffix: String,
                 dualStackDNSSuffix: String, supportsFIPS: Bool = true, supportsDualStack: Bool = true,
                 dualStackRefusedForPatternRegions: Bool = false) {
        self.name = name
        self.regionPrefixes = regionPrefixes
        self.otherRegions = otherRegions
        self.dnsSuffix = dnsSuffix
        self.dualStackDNSSuffix = dualStackDNSSuffix
        self.supportsFIPS = supportsFIPS
        self.supportsDualStack = supportsDualStack
        self.dualStackRefusedForPatternRegions = dualStackRefusedForPatternRegions
    }

    /// The partition of `region`; a region no partition claims is taken to be in aws, as
    /// botocore's `aws.partition` does.
    init(region: String) {
        let prefix = Self.patternPrefix(of: region)
        for partition in Self.all where partition.otherRegions.contains(region) || partition.claims(prefix) {
            self = partition
            return
        }
        self = Self.all[0]
    }

    /// Whether botocore's `regionRegex` of the partition matches `region`.
    func matchesPattern(_ region: String) -> Bool {
        claims(Self.patternPrefix(of: region))
    }

    private func claims(_ prefix: ArraySlice<UInt8>?) -> Bool {
        guard let prefix else { return false }
        for candidate in regionPrefixes where candidate.utf8.count == prefix.count && candidate.utf8.elementsEqual(prefix) {
            return true
        }
        return false
    }

    /// The `PREFIX` of a region shaped `PREFIX-WORD-DIGITS` (botocore's patterns are all
    /// `^PREFIX\-\w+\-\d+$`), or nil. A word has no hyphen, so the last two hyphens split the
    /// region. (botocore's `\w` and `\d` also match non-ASCII letters and digits; a region
    /// that reaches here has been validated to ASCII letters, digits and hyphens.)
    private static func patternPrefix(of region: String) -> ArraySlice<UInt8>? {
        let bytes = Array(region.utf8)
        guard let last = bytes.lastIndex(of: UInt8(ascii: "-")), last + 1 < bytes.count,
              let middle = bytes[..<last].lastIndex(of: UInt8(ascii: "-")), middle + 1 < last else { return nil }
        for index in last + 1..<bytes.count where !(0x30...0x39).contains(bytes[index]) { return nil }
        for index in middle + 1..<last where !isWordByte(bytes[index]) { return nil }
        return bytes[..<middle]
    }

    /// Whether botocore refuses dual-stack hosts for `region` of this partition.
    func refusesDualStack(region: String) -> Bool {
        !supportsDualStack || (dualStackRefusedForPatternRegions && matchesPattern(region))
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }
}
