// libFuzzer target: arbitrary bytes as an AWS config and credentials file pair, every
// profile listed and resolved. Errors are expected, but each must be one line; a crash
// or a hang is a finding.
import FuzzDriver
import RoleshCore

/// One fuzz input; see the file header for what must hold.
func fuzzConfig(_ bytes: [UInt8]) {
    // The first NUL splits the input: config file before it, credentials file after.
    let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
    let configText = String(decoding: bytes[..<split], as: UTF8.self)
    let credentialsText = split < bytes.endIndex ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : ""
    let config: AWSConfig
    do {
        config = try AWSConfig(configText: configText, configFile: "config",
                               credentialsText: credentialsText, credentialsFile: "credentials")
    } catch {
        requireOneLine(error)
        return
    }
    let resolver = ProfileResolver(config: config)
    for name in config.profileNames + ["default", "missing"] {
        do {
            if let profile = try config.profile(named: name) {
                _ = config.stsEndpointURL(for: profile)
            }
            _ = try resolver.resolve(profileNamed: name)
        } catch {
            requireOneLine(error)
        }
    }
}
