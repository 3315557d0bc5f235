// The one table of kind-deciding keys: every key of it is seen by the config scan wherever it
// is written (the profile's section in either file, [DEFAULT], any case), and `list` offers
// exactly the profiles that set an assumable one.
@testable import RoleshCore
import Testing

@Test func the_table_fits_the_scans_bits_and_names_each_key_once() {
    #expect(ProfileKey.all.count <= 16)
    #expect(Set(ProfileKey.all.map(\.name)).count == ProfileKey.all.count)
}

@Test(arguments: ProfileKey.all.map(\.name))
func every_key_of_the_table_is_seen_by_the_scan_and_decides_what_list_offers(key: String) throws {
    let assumable = ProfileKey.all.first { $0.name == key }?.makesAssumable ?? false
    let layouts: [(config: String, credentials: String)] = [
        ("[profile p]\nregion = eu-west-1\n\(key) = x\n[profile q]\nregion = eu-west-1\n", ""),
        ("[profile p]\nregion = eu-west-1\n\(key.uppercased()) = x\n[profile q]\nregion = eu-west-1\n", ""),
        ("[profile q]\nregion = eu-west-1\n", "[p]\n\(key) = x\n"),
    ]
    for layout in layouts {
        let config = try AWSConfig(configText: layout.config, configFile: "/home/u/.aws/config",
                                   credentialsText: layout.credentials, credentialsFile: "/home/u/.aws/credentials")
        #expect(config.sets(key, inProfile: "p"), "\(layout)")
        #expect(!config.sets(key, inProfile: "q"), "\(layout)")
        #expect(config.profileNames(settingAnyOf: ProfileKey.assumable) == (assumable ? ["p"] : []), "\(layout)")
    }
    let everywhere = try AWSConfig(configText: "[DEFAULT]\n\(key) = x\n[profile q]\nregion = eu-west-1\n", configFile: "/c",
                                   credentialsText: "", credentialsFile: "/k")
    #expect(everywhere.sets(key, inProfile: "q"))
}
