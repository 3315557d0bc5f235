// The region names botocore's partitions.json lists (checked against it in RegionTests), for
// completion and for the one rule that depends on a region's history: regions launched after
// March 2019 are opt-in, and they reject the version-1 session tokens the global STS endpoint
// issues unless the account asked for version-2 tokens everywhere.

package enum Regions {
    /// Every region of every partition, the `*-global` pseudo-regions left out.
    package static let names = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1",
        "eu-central-1", "eu-central-2", "eu-isoe-west-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
        "eu-west-2", "eu-west-3", "eusc-de-east-1", "il-central-1", "me-central-1", "me-south-1", "me-west-1",
        "mx-central-1", "sa-east-1", "sa-west-1", "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1",
        "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "us-isof-east-1", "us-isof-south-1",
        "us-west-1", "us-west-2",
    ]

    /// The aws partition's regions that every account has: those launched before March 2019.
    static let enabledByDefault: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1",
        "eu-west-2", "eu-west-3", "sa-east-1",
    ]

    /// Whether an account must enable `region` before using it: a region of the aws
    /// partition launched after March 2019 (a name rolesh does not know is taken to be one
    /// when the aws partition claims it).
    static func isOptIn(_ region: String) -> Bool {
        Partition(region: region).name == "aws" && !region.hasSuffix("-global") && !enabledByDefault.contains(region)
    }

    /// Whether `sessionToken` is a version-1 token, as the global endpoint issues them:
    /// version-2 tokens (every regional endpoint's) start with the bytes `21 0a 09`, `IQo`
    /// in base64.
    static func isVersion1Token(_ sessionToken: String) -> Bool {
        !sessionToken.hasPrefix("IQo")
    }
}
