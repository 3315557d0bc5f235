// rolesh against botocore itself: random config/credentials pairs (seeded, so a failure
// reproduces) and hand-written edge cases go to one Python process running botocore's own
// loader and credential providers; for every profile both must agree, and a file botocore
// rejects rolesh must reject.
import Foundation
import Testing
import RoleshTestSupport
@testable import RoleshCore

private struct FilePair: Codable {
    var config: String
    var credentials: String
}

/// Writes plausible, sometimes broken, AWS config files.
private struct ConfigFileGenerator {
    var random: SeededGenerator
    let names = ["default", "prod", "Prod", "dev-1", "a.b", "x_y", "team@corp", "ops+1", "my profile", "a#b", "semi;colon", "ünï"]

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &random)! }

    mutating func pair() -> FilePair {
        let newline = chance(10) ? "\r\n" : "\n"
        var config: [String] = []
        var credentials: [String] = []
        for name in names.shuffled(using: &random).prefix(Int.random(in: 1...6, using: &random)) {
            if chance(75) { config += section(configHeader(name), name: name) }
            if chance(40) { credentials += section(chance(90) ? "[\(name)]" : "[profile \(name)]", name: name, credentials: true) }
        }
        if chance(15) { config += ["[DEFAULT]", line("region", pick(["eu-north-1", "us-east-2"]))] }
        if chance(15) { config += ["[services local]", "sts =", "  endpoint_url = http://127.0.0.1:1", "[sso-session corp]", "sso_region = us-east-1"] }
        if chance(10) { config += ["[preview]", "cloudfront = true"] }
        if chance(3) { config.insert("region = orphan", at: 0) }
        if chance(3) { config.append(pick(["junk line", "= novalue", "[]"])) }
        if chance(3), let header = config.first(where: { $0.hasPrefix("[") }) { config.append(header) }
        return FilePair(config: config.joined(separator: newline) + newline, credentials: credentials.joined(separator: newline) + newline)
    }

    mutating func configHeader(_ name: String) -> String {
        let quoted = name.contains(" ") || chance(10) ? "\"\(name)\"" : name
        if name == "default" { return pick(["[default]", "[profile default]", "[default]"]) }
        return pick(["[profile \(quoted)]", "[profile \(quoted)]", "[profile  \(quoted)]", "[profile\t\(quoted)]", "[\(name)]"])
    }

    mutating func section(_ header: String, name: String, credentials: Bool = false) -> [String] {
        var lines = [header]
        var keys: [(String, String)] = []
        if !credentials || chance(20) {
            if chance(60) { keys.append(("role_arn", "arn:aws:iam::123456789012:role/\(name.filter(\.isLetter))")) }
            if chance(55) { keys.append(("source_profile", pick(names + [name]))) }
            if chance(12) { keys.append(("credential_source", pick(["Environment", "Environment", "Bogus"]))) }
            if chance(20) { keys.append(("mfa_serial", "arn:aws:iam::123456789012:mfa/u")) }
            if chance(15) { keys.append(("external_id", pick(["ext-1", "ext # not a comment"]))) }
            if chance(15) { keys.append(("role_session_name", "sess-\(Int.random(in: 1...9, using: &random))")) }
            // botocore drops a duration int() cannot read; rolesh too, with a warning.
            if chance(15) { keys.append(("duration_seconds", pick(["900", "3600", "43200", "abc", "1h", "+900", "3_600"]))) }
            // botocore's SSO provider fires only for sso_account_id or sso_role_name.
            if chance(8) { keys.append((pick(["sso_session", "sso_start_url", "sso_account_id", "sso_role_name"]), "corp")) }
            if chance(40) { keys.append(("region", pick(["us-east-1", "eu-west-1 # home", "ap-south-1"]))) }
            if chance(10) { keys.append(("credential_process", pick(["/bin/creds", "/opt/tool --profile 'a b'"]))) }
        }
        // Keys in both files for one profile show which file wins.
        if credentials && chance(35) { keys.append(("region", "from-credentials")) }
        if credentials && chance(15) { keys.append(("role_arn", "arn:aws:iam::210987654321:role/FromCredentials")) }
        if chance(credentials ? 85 : 40) {
            keys.append(("aws_access_key_id", "AKIA\(Int.random(in: 1000...9999, using: &random))"))
            if chance(92) { keys.append(("aws_secret_access_key", "secret\(Int.random(in: 1...99, using: &random))")) }
            if chance(20) { keys.append((pick(["aws_session_token", "aws_security_token"]), "token")) }
        }
        for (key, value) in keys.shuffled(using: &random) {
            if chance(10) { lines.append(pick(["# comment", "; comment", "   # indented comment", ""])) }
            lines.append(line(chance(10) ? key.uppercased() : key, value))
            if chance(1) { lines.append(line(key, value)) }
        }
        if chance(10) { lines += ["s3 =", "  addressing_style = path", "  signature_version = s3v4"] }
        return lines
    }

    mutating func line(_ key: String, _ value: String) -> String {
        key + pick([" = ", "=", " =", ": ", ":", "\t=\t", "  =  "]) + value + (chance(5) ? "   " : "")
    }
}

/// The same JSON shape the Python script prints, made from what rolesh resolved.
private func roleshView(_ pair: FilePair) -> Any {
    let config: AWSConfig
    do {
        config = try AWSConfig(configText: pair.config, configFile: "/config", credentialsText: pair.credentials, credentialsFile: "/credentials")
    } catch {
        return ["rejected": true]
    }
    var profiles: [String: Any] = [:]
    let resolver = ProfileResolver(config: config)
    for name in config.profileNames {
        guard let chain = try? resolver.resolve(profileNamed: name) else {
            profiles[name] = ["error": true]
            continue
        }
        let base: [String: Any]
        if let process = chain.base as? CredentialProcess {
            base = ["kind": "process", "command": process.commandLine]
        } else if let keys = (chain.base as? StaticKeys)?.keys {
            base = ["kind": "static", "access_key_id": keys.accessKeyID, "secret_access_key": keys.secretAccessKey,
                    "session_token": keys.sessionToken ?? NSNull()]
        } else {
            #expect(chain.base is EnvironmentKeys)
            base = ["kind": "environment"]
        }
        let hops: [[String: Any]] = chain.hops.map { hop in
            ["role_arn": hop.roleARN, "external_id": hop.externalID ?? NSNull(), "mfa_serial": hop.mfaSerial ?? NSNull(),
             "role_session_name": hop.roleSessionName ?? NSNull(), "duration_seconds": hop.durationSeconds ?? NSNull()]
        }
        profiles[name] = ["region": chain.profile.region ?? NSNull(), "base": base, "hops": hops]
    }
    return ["profiles": profiles]
}

/// botocore's refusals carry their class name; rolesh's only that it refused.
private func normalised(_ botocore: Any) -> Any {
    guard var result = botocore as? [String: Any], var profiles = result["profiles"] as? [String: Any] else { return botocore }
    for (name, value) in profiles where (value as? [String: Any])?["error"] != nil {
        profiles[name] = ["error": true]
    }
    result["profiles"] = profiles
    return result
}

private let handWritten: [FilePair] = [
    FilePair(config: "[default]\nregion = a\n[profile default]\nregion = b\n", credentials: "[default]\nregion = c\n"),
    FilePair(config: "[profile a]\nrole_arn = r\nsource_profile = a\naws_access_key_id = K\naws_secret_access_key = S\n", credentials: ""),
    FilePair(config: "[profile a]\nrole_arn = r\nsource_profile = a\n", credentials: ""),
    FilePair(config: "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = s\nsource_profile = b\n", credentials: "[b]\naws_access_key_id = K\naws_secret_access_key = S\n"),
    FilePair(config: "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\naws_secret_access_key = S\ncredential_process = /bin/p\n", credentials: ""),
    FilePair(config: "[profile a]\naws_access_key_id = K\n", credentials: "[a]\naws_secret_access_key = S\n"),
    FilePair(config: "[profile p]\naws_access_key_id = K\naws_secret_access_key = S\naws_session_token = T\naws_security_token = U\n", credentials: ""),
    FilePair(config: "[profile \"a b\"]\nrole_arn = r\ncredential_source = Environment\n[profile 'c d' e]\n", credentials: ""),
    FilePair(config: "[DEFAULT]\naws_access_key_id = K\naws_secret_access_key = S\n[profile x]\n[y]\n", credentials: ""),
    FilePair(config: "[profile x]\nregion =\n  nested = yes\n", credentials: "[x]\naws_access_key_id = K\naws_secret_access_key = S\n"),
    FilePair(config: "[profile x]\nrole_arn = r\n  continued\nsource_profile = y\n[profile y]\naws_access_key_id = K\naws_secret_access_key = S\n", credentials: ""),
    FilePair(config: "[profile x]\nk = v\n", credentials: "[x]\nk = 1\n[x]\n"),
    FilePair(config: "", credentials: "[DEFAULT]\naws_access_key_id = K\naws_secret_access_key = S\n[a]\n[b]\nrole_arn = r\nsource_profile = a\n"),
    FilePair(config: "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = s\nsource_profile = c\n[profile c]\nrole_arn = t\nsource_profile = a\n", credentials: ""),
    FilePair(config: "[profile A]\nregion = upper\n[profile a]\nregion = lower\n", credentials: "[A]\naws_access_key_id = K\naws_secret_access_key = S\n"),
    // Issue 13 §5: a duration that is not a number is left out of the request...
    FilePair(config: "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = b\nmfa_serial = arn:aws:iam::123456789012:mfa/u\nduration_seconds = abc\n"
             + "[profile q]\nrole_arn = arn:aws:iam::123456789012:role/Q\nsource_profile = r\nduration_seconds = 3_600\n"
             + "[profile w]\nrole_arn = arn:aws:iam::123456789012:role/W\nsource_profile = b\nduration_seconds =\n  1800\n"
             + "[profile b]\naws_access_key_id = K\naws_secret_access_key = S\n", credentials: ""),
    // ...and sso_session or sso_start_url without sso_account_id/sso_role_name leave a static-key profile.
    FilePair(config: "[profile s]\nsso_session = corp\naws_access_key_id = K\naws_secret_access_key = S\n"
             + "[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n"
             + "[profile t]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\naws_access_key_id = K\naws_secret_access_key = S\n"
             + "[profile u]\nsso_session = corp\nsso_account_id = 123456789012\naws_access_key_id = K\naws_secret_access_key = S\n"
             + "[profile v]\nsso_session = nowhere\nsso_role_name = Admin\naws_access_key_id = K\naws_secret_access_key = S\n", credentials: ""),
]

@Test func every_profile_resolves_as_botocore_resolves_it() throws {
    var generator = ConfigFileGenerator(random: SeededGenerator(seed: 20_240_611))
    let pairs = handWritten + (0..<300).map { _ in generator.pair() }
    let input = String(decoding: try JSONEncoder().encode(pairs), as: UTF8.self)
    let result = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_profiles.py"], input: input)
    try #require(result.status == 0, "botocore script failed: \(result.stderr)")
    let botocore = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any])
    try #require(botocore.count == pairs.count)

    var rejected = 0, resolved = 0, refused = 0
    for (index, pair) in pairs.enumerated() {
        let expected = normalised(botocore[index]) as! NSDictionary
        let actual = roleshView(pair) as! NSDictionary
        if expected["rejected"] != nil { rejected += 1 }
        for case let profile as NSDictionary in ((expected["profiles"] as? NSDictionary)?.allValues ?? []) {
            if profile["error"] != nil { refused += 1 } else { resolved += 1 }
        }
        #expect(actual == expected, "pair \(index):\nconfig:\n\(pair.config)\ncredentials:\n\(pair.credentials)")
    }
    // The corpus must exercise both outcomes, or the comparison proves little.
    print("differential: \(pairs.count) pairs, \(rejected) rejected, \(resolved) profiles resolved, \(refused) refused")
    #expect(rejected >= 5)
    #expect(resolved >= 200)
    #expect(refused >= 50)
}
