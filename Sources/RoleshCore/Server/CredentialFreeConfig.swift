// The config and credentials files `exec --server` gives its child. The SDKs ask the shared
// files before the container endpoint: a `[default]` with keys in ~/.aws/credentials (or a
// role_arn, an SSO role, a credential_process) would win over it. The child gets copies of
// the user's files that keep every section and setting (region, output, s3 = …, services)
// but no way to credentials, so its SDKs end up on the endpoint. No key is copied: the files
// hold no secret, and a killed rolesh leaves none behind. A boto config with keys (botocore
// asks it before the endpoint as well) is copied the same way, for botocore only: other
// tools that read it (boto2, gsutil) keep every other setting of it.

import FoundationEssentials

enum CredentialFreeConfig {
    /// The keys through which botocore finds credentials in a profile, and the secrets
    /// themselves. `sso_session` stays: alone it is no source (botocore's SSO provider
    /// starts on the four `sso_` keys here), and `aws sso login` in the child needs it.
    static let credentialKeys: Set<String> = [
        "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token",
        "role_arn", "source_profile", "credential_source", "web_identity_token_file", "credential_process",
        "sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "login_session",
    ]

    /// `text` (a config or credentials file, as botocore reads it) written again without
    /// `credentialKeys`: every section in file order, [DEFAULT]'s keys written into each,
    /// keys sorted, continued values and sub-sections indented.
    static func rewrite(_ text: String, file: String) throws(ConfigError) -> String {
        rewrite(try INIParser.parse(text, file: file))
    }

    /// Parsed `sections` written again without `credentialKeys`, as `rewrite(_:file:)` says.
    private static func rewrite(_ sections: [ConfigSection]) -> String {
        var output = ""
        for section in sections {
            output += "[\(section.name)]\n"
            for (key, entry) in section.entries.sorted(by: { $0.key < $1.key }) where !credentialKeys.contains(key) {
                switch entry.value {
                case .text(let value):
                    // configparser joins a continued value's lines with newlines: indent them again.
                    output += "\(key) = " + value.split(separator: "\n", omittingEmptySubsequences: false)
                        .joined(separator: "\n    ") + "\n"
                case .nested(let values):
                    output += "\(key) =\n" + values.sorted { $0.key < $1.key }.map { "    \($0.key) = \($0.value)\n" }.joined()
                }
            }
        }
        return output
    }

    /// The boto config botocore would take keys from, written again without them; nil when
    /// there is none. botocore's chain asks it after the shared files and before the
    /// container endpoint, so its keys would win over the endpoint too. It is BOTO_CONFIG,
    /// else /etc/boto.cfg and ~/.boto: the first whose [Credentials] has `aws_access_key_id`.
    /// A file that does not parse is none: botocore stops on it with its own error and takes
    /// no keys from it.
    static func botoConfigWithoutKeys(environment: [String: String]) -> String? {
        let locations = environment["BOTO_CONFIG"].map { [$0] } ?? ["/etc/boto.cfg", "~/.boto"]
        for location in locations.map({ expandPath($0, environment: environment) }) {
            guard let bytes = try? readForeignFile(location),
                  let sections = try? INIParser.parse(String(decoding: bytes, as: UTF8.self), file: location)
            else { continue }
            if sections.contains(where: { $0.name == "Credentials" && $0.entries["aws_access_key_id"] != nil }) {
                return rewrite(sections)
            }
        }
        return nil
    }

    /// The user's file at `path` rewritten; a file that does not exist reads as empty.
    static func rewrite(fileAt path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return Array(try rewrite(String(decoding: try readForeignFile(path), as: UTF8.self), file: path).utf8)
    }
}
