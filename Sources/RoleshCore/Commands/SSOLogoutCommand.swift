import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rolesh sso logout`: what `aws sso logout` does (research §1.9). Every token in the
/// shared cache is signed out at the portal of its region and removed; client registrations
/// stay; the aws CLI v2's cached SSO role credentials (`~/.aws/cli/cache`, `"ProviderType":
/// "sso"`) are removed, its other cached credentials left. rolesh's own cached role
/// credentials are tied to the token's fingerprint, so they are not used after this.
package enum SSOLogoutCommand {
    package static func run(context: RoleshContext) throws {
        let environment = context.environment
        let state = CommandState(context)
        let config = try state.config()
        let profile = try state.selectedProfile()
        let cache = SSOTokenCache(environment: environment)
        var signedOut = 0
        for name in jsonFiles(in: cache.folder) {
            let path = "\(cache.folder)/\(name)"
            guard let bytes = try? readForeignFile(path), let token = SSOToken(json: bytes) else { continue }
            if let region = token.region {
                do {
                    let endpoints = try SSOEndpoints(environment: environment, config: config, selectedProfile: profile, region: region)
                    try SSOPortal(transport: context.transport, endpoint: endpoints.portal,
                                  timeouts: try HTTPTimeouts(environment: environment)).logout(token: token.accessToken)
                } catch SSOError.signInNeeded {
                    // Already signed out or expired at the portal: nothing to end there.
                } catch {
                    context.standardError("rolesh: warning: \((error as? LocalizedError)?.errorDescription ?? "\(error)"); the token file is removed anyway\n")
                }
            }
            guard unlink(path) == 0 || errno == ENOENT else { throw systemCallError("unlink", path) }
            signedOut += 1
        }
        let roleCache = expandPath("~/.aws/cli/cache", environment: environment)
        for name in jsonFiles(in: roleCache) {
            let path = "\(roleCache)/\(name)"
            guard let bytes = try? readForeignFile(path), JSONValue(parsing: bytes)?["ProviderType"]?.string == "sso" else { continue }
            guard unlink(path) == 0 || errno == ENOENT else { throw systemCallError("unlink", path) }
        }
        context.standardError(signedOut == 0 ? "rolesh: no IAM Identity Center sign-in to end\n"
            : "rolesh: signed out of IAM Identity Center (\(signedOut) token\(signedOut == 1 ? "" : "s") removed)\n")
    }

    /// The names of the `*.json` files in `folder`, sorted; none when it cannot be read.
    static func jsonFiles(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".json") { names.append(name) }
        }
        return names.sorted()
    }
}
