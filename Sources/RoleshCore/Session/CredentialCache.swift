import FoundationEssentials

/// Credentials an assume obtained, as the cache keeps them.
public struct CachedRole: Equatable, Sendable {
    public var credentials: Credentials
    /// The ARN shown as ROLESH_ROLE_ARN: the role asked for.
    public var roleARN: String

    public init(credentials: Credentials, roleARN: String) {
        self.credentials = credentials
        self.roleARN = roleARN
    }

    /// The role as the JSON an entry seals; the expiry in seconds since 2001-01-01, as
    /// Foundation's Date counts them.
    var json: [UInt8] {
        var credentials: [String: JSONValue] = [
            "accessKeyID": .string(self.credentials.accessKeyID),
            "secretAccessKey": .string(self.credentials.secretAccessKey),
        ]
        if let token = self.credentials.sessionToken { credentials["sessionToken"] = .string(token) }
        if let expiration = self.credentials.expiration {
            credentials["expiration"] = .number("\(expiration.timeIntervalSinceReferenceDate)")
        }
        return Array(JSONValue.object(["credentials": .object(credentials), "roleARN": .string(roleARN)]).text.utf8)
    }

    /// The role `json` holds, or nil.
    init?(json: [UInt8]) {
        guard let value = JSONValue(parsing: json), let roleARN = value["roleARN"]?.string,
              let credentials = value["credentials"], let accessKeyID = credentials["accessKeyID"]?.string,
              let secret = credentials["secretAccessKey"]?.string else { return nil }
        let expiration = credentials["expiration"]?.double.map { Date(timeIntervalSinceReferenceDate: $0) }
        self.init(credentials: Credentials(accessKeyID: accessKeyID, secretAccessKey: secret,
                                           sessionToken: credentials["sessionToken"]?.string, expiration: expiration),
                  roleARN: roleARN)
    }
}

/// Assumed credentials, reused per profile and parameters until 5 minutes before they
/// expire (DESIGN §7). One sealed file per entry under `ROOT/cache/`, named by a hash of
/// what was asked, replaced atomically; the per-user key sits beside it in `ROOT/cache.key`.
public struct CredentialCache: Sendable {
    /// Entries this close to expiry are not handed out.
    public static let margin: TimeInterval = 300

    public let root: String

    public init(root: String) {
        self.root = root
    }

    var folder: String { "\(root)/cache" }
    var keyPath: String { "\(root)/cache.key" }

    /// The entry name for `spec` asked from the identity `source` (a profile chain's
    /// description, or the access key id of environment credentials).
    public static func entryName(spec: AssumeSpec, source: String) -> String {
        Hex.encode(SHA256.hash(Array(spec.json.text.utf8) + Array("\u{0}\(source)".utf8)))
    }

    /// The cached role for `entry`, when there is one still good at `now` plus the margin.
    /// An entry that does not open (another key, a torn or tampered file) is a miss.
    public func lookup(_ entry: String, now: Date) throws -> CachedRole? {
        let path = "\(folder)/\(entry).cred"
        guard PrivateFolder.exists(path) else { return nil }
        // An entry is trusted only inside folders no one else can change (DESIGN §6).
        try PrivateFolder(path: root).verify()
        try PrivateFolder(path: folder).verify()
        guard let key = try existingKey() else { return nil }
        let sealed = try AtomicFile.read(path)
        guard let cached = Self.open(sealed, key: key, entry: entry),
              let expiration = cached.credentials.expiration,
              expiration.timeIntervalSince(now) > Self.margin
        else { return nil }
        return cached
    }

    /// Seals `role` under `entry`, replacing what was there.
    public func store(_ role: CachedRole, as entry: String) throws {
        try PrivateFolder(path: root).create()
        let key = try loadOrCreateKey()
        try PrivateFolder(path: folder).create()
        var plaintext = role.json
        let sealed = SealedBox.seal(plaintext, key: key, associatedData: Self.associatedData(entry))
        plaintext.wipe()
        let lock = try FileLock(path: "\(folder)/.lock")
        try lock.lock()
        try AtomicFile.write(sealed, to: "\(folder)/\(entry).cred")
    }

    /// Removes entries that expired (or cannot be opened any more) and returns their names.
    public func removeExpired(now: Date) throws -> [String] {
        guard PrivateFolder.exists(folder) else { return [] }
        let key = try existingKey()
        let lock = try FileLock(path: "\(folder)/.lock")
        try lock.lock()
        var removed: [String] = []
        for file in PrivateFolder.entries(of: folder) where file.hasSuffix(".cred") {
            let entry = String(file.dropLast(".cred".count))
            let path = "\(folder)/\(file)"
            let expiration = key.flatMap { key in
                (try? AtomicFile.read(path)).flatMap { Self.open($0, key: key, entry: entry) }?.credentials.expiration
            }
            if expiration.map({ $0 <= now }) ?? true {
                try PrivateFolder.removeFile(path)
                removed.append(entry)
            }
        }
        return removed
    }

    /// Removes the temporary files of writes that never finished (a rolesh killed while
    /// storing) and returns how many. Every write holds the lock to its end, so under the
    /// lock any temporary in the folder is abandoned.
    public func removeUnfinishedWrites() throws -> Int {
        guard PrivateFolder.exists(folder) else { return 0 }
        try PrivateFolder(path: folder).verify()
        let lock = try FileLock(path: "\(folder)/.lock")
        try lock.lock()
        let abandoned = PrivateFolder.entries(of: folder).filter { $0.contains(".tmp-") }
        for file in abandoned {
            try PrivateFolder.removeFile("\(folder)/\(file)")
        }
        return abandoned.count
    }

    /// The role sealed in `sealed` under `entry`; nil when it does not open or decode.
    /// The plaintext buffers are wiped before they are freed.
    private static func open(_ sealed: [UInt8], key: SymmetricKey, entry: String) -> CachedRole? {
        guard var plaintext = try? SealedBox.open(sealed, key: key, associatedData: associatedData(entry)) else { return nil }
        defer { plaintext.wipe() }
        return CachedRole(json: plaintext)
    }

    private func existingKey() throws -> SymmetricKey? {
        guard PrivateFolder.exists(keyPath) else { return nil }
        guard var bytes = try? AtomicFile.read(keyPath) else { return nil }
        defer { bytes.wipe() }
        return try? SymmetricKey(bytes: bytes)
    }

    /// The per-user cache key, made on first use. Two processes racing to make it both end
    /// up with the one that was written first.
    private func loadOrCreateKey() throws -> SymmetricKey {
        if let key = try existingKey() { return key }
        try PrivateFolder(path: root).create()
        let fresh = SymmetricKey.random()
        var bytes = fresh.withUnsafeBytes { Array($0) }
        defer { bytes.wipe() }
        do {
            try AtomicFile.writeOnce(bytes, to: keyPath)
            return fresh
        } catch {
            guard let key = try existingKey() else { throw error }
            return key
        }
    }

    static func associatedData(_ entry: String) -> [UInt8] {
        Array("rolesh-cache-v1\u{0}\(entry)".utf8)
    }
}
