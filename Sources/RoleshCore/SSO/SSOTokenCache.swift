// The aws CLI's IAM Identity Center token cache, `~/.aws/sso/cache/`, shared with it: file
// names, fields and permissions as botocore has them, so a sign-in by either tool serves both.
// These files follow the aws CLI's conventions, not rolesh's private-state rules (DESIGN §6):
// botocore makes the folder 0755, and writers other than rolesh (the aws CLI v2) rewrite a
// file in place, so a reader may meet it half-written.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of cached tokens, and how a token's file is named.
struct SSOTokenCache: Sendable {
    let folder: String

    init(folder: String) {
        self.folder = folder
    }

    /// `~/.aws/sso/cache` of the user `environment` belongs to.
    init(environment: [String: String]) {
        self.init(folder: expandPath("~/.aws/sso/cache", environment: environment))
    }

    /// What names a token's file: an `[sso-session NAME]`'s name, or, for a legacy profile,
    /// its start URL exactly as written (a trailing `/` makes another file, as in botocore).
    enum Key: Equatable, Sendable {
        case session(String)
        case startURL(String)

        var text: String {
            switch self {
            case .session(let name): name
            case .startURL(let url): url
            }
        }
    }

    /// `<sha1 hex of the key>.json`.
    static func fileName(for key: Key) throws(DigestError) -> String {
        try SHA1.hexDigest(key.text) + ".json"
    }

    func path(for key: Key) throws(DigestError) -> String {
        "\(folder)/\(try Self.fileName(for: key))"
    }

    /// The token cached for `key`; nil when there is no file. A file that does not parse is
    /// read again a few times first (the aws CLI v2 truncates and rewrites in place), then
    /// reported as damaged.
    func read(_ key: Key, attempts: Int = 5) throws -> SSOToken? {
        try Self.read(path: try path(for: key), attempts: attempts)
    }

    /// The token in the file at `path`, as `read(_:)` reads it (no SHA-1 of a key to find it).
    static func read(path: String, attempts: Int = 5) throws -> SSOToken? {
        for attempt in 1...attempts {
            let bytes: [UInt8]
            do {
                bytes = try readForeignFile(path)
            } catch .notFound {
                return nil
            }
            if let token = SSOToken(json: bytes) { return token }
            if attempt < attempts { usleep(20_000) }
        }
        throw SSOError.damagedToken(path: path)
    }

    /// Writes `token` for `key` the way botocore's JSONFileCache does: a 0600 temporary file
    /// in the folder, synced, renamed over the old one. The folder is made as botocore makes
    /// it (mode 0777 less the umask) when missing.
    func write(_ token: SSOToken, for key: Key) throws {
        try createFolder()
        let path = try path(for: key)
        try SharedFile.write(token.json, to: path)
    }

    /// Removes the token file of `key`, if any.
    func remove(_ key: Key) throws {
        let path = try path(for: key)
        guard unlink(path) == 0 || errno == ENOENT else { throw systemCallError("unlink", path) }
    }

    /// Makes the folder, and its parents, as botocore does (`os.makedirs`) when missing.
    func createFolder() throws {
        var partial = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o777) != 0 && errno != EEXIST { throw systemCallError("mkdir", partial) }
        }
    }
}
