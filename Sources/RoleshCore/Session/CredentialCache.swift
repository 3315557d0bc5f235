import FoundationEssentials

/// Credentials an assume obtained, as the cache keeps them.
struct CachedRole: Equatable, Sendable {
    var credentials: Credentials
    /// The ARN shown as ROLESH_ROLE_ARN: the role asked for.
    var roleARN: String
    /// The IAM Identity Center token the credentials were bought with.
    var boundTo: TokenBinding?

    init(credentials: Credentials, roleARN: String, boundTo: TokenBinding? = nil) {
        self.credentials = credentials
        self.roleARN = roleARN
        self.boundTo = boundTo
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
        var role: [String: JSONValue] = ["credentials": .object(credentials), "roleARN": .string(roleARN)]
        if let boundTo {
            role["tokenFile"] = .string(boundTo.path)
            role["tokenFingerprint"] = .string(boundTo.fingerprint)
        }
        return Array(JSONValue.object(role).text.utf8)
    }

    /// The role `json` holds, or nil.
    init?(json: [UInt8]) {
        guard let value = JSONValue(parsing: json), let roleARN = value["roleARN"]?.string,
              let credentials = value["credentials"], let accessKeyID = credentials["accessKeyID"]?.string,
              let secret = credentials["secretAccessKey"]?.string else { return nil }
        let expiration = credentials["expiration"]?.double.map { Date(timeIntervalSinceReferenceDate: $0) }
        let boundTo = value["tokenFile"]?.string.flatMap { path in
            value["tokenFingerprint"]?.string.map { TokenBinding(path: path, fingerprint: $0) }
        }
        self.init(credentials: Credentials(accessKeyID: accessKeyID, secretAccessKey: secret,
                                           sessionToken: credentials["sessionToken"]?.string, expiration: expiration),
                  roleARN: roleARN, boundTo: boundTo)
    }
}

/// Assumed credentials, reused per profile and parameters until 5 minutes before they
/// expire (DESIGN §7). One sealed file per entry under `ROOT/cache/`, named by a hash of
/// what was asked, replaced atomically. The cache lives only in a private runtime folder
/// (never on persistent disk), and its per-user key in the kernel's user keyring, or where
/// this process has none, in `ROOT/cache.key` (0600) beside it. With no private runtime
/// folder nothing is cached.
struct CredentialCache: Sendable {
    /// Entries this close to expiry are not handed out.
    static let margin: TimeInterval = 300

    /// Where the key is, or why nothing is cached: `rolesh status` says it.
    enum Availability: Equatable, Sendable {
        case keyring
        /// The key file, with why the keyring could not be used.
        case keyFile(path: String, keyringReason: String)
        case off(reason: String)
    }

    let root: StateRoot
    let keyring: UserKeyring

    init(root: StateRoot, keyring: UserKeyring = UserKeyring(name: "rolesh:credential-cache-key")) {
        self.root = root
        self.keyring = keyring
    }

    /// The cache of the state root that `environment` names.
    init(environment: [String: String]) {
        self.init(root: StateRoot.resolve(environment: environment))
    }

    var keyFile: String { "cache.key" }

    /// Where the key is kept, or why nothing is cached. Asks the keyring, changes nothing.
    func availability() -> Availability {
        guard root.isRuntime else {
            let why = root.runtimeRefusal.map { "not using XDG_RUNTIME_DIR: \($0)" } ?? "XDG_RUNTIME_DIR is unset"
            return .off(reason: "\(why), and credentials are never cached on persistent disk")
        }
        do {
            _ = try keyring.load()
            return .keyring
        } catch {
            return .keyFile(path: "\(root.path)/\(keyFile)", keyringReason: (error as? KeyringError)?.reason ?? "\(error)")
        }
    }

    /// The entry name for `spec` asked from the identity `source` (a profile chain's
    /// description, or the access key id of environment credentials). The region is no part
    /// of it: the same role in another region is the same credentials.
    static func entryName(spec: AssumeSpec, source: String) -> String {
        Hex.encode(SHA256.hash(Array(spec.in(region: nil).json.text.utf8) + Array("\u{0}\(source)".utf8)))
    }

    /// The cached role for `entry`, when there is one still good at `now` plus the margin.
    /// An entry that does not open (another key, a torn or tampered file) is a miss.
    func lookup(_ entry: String, now: Date) throws -> CachedRole? {
        // An entry is trusted only inside folders no one else can change (DESIGN §6).
        guard root.isRuntime, let rootFolder = try StateFolder.openRoot(root.path, create: false),
              let folder = try rootFolder.folder("cache", create: false), folder.contains("\(entry).cred"),
              let key = try existingKey(in: rootFolder)
        else { return nil }
        let sealed = try folder.read("\(entry).cred")
        guard let cached = Self.open(sealed, key: key, entry: entry),
              let expiration = cached.credentials.expiration,
              expiration.timeIntervalSince(now) > Self.margin
        else { return nil }
        return cached
    }

    /// Seals `role` under `entry`, replacing what was there; does nothing where nothing
    /// is cached (`availability` says why).
    func store(_ role: CachedRole, as entry: String) throws {
        guard root.isRuntime, let rootFolder = try StateFolder.openRoot(root.path, create: true),
              let folder = try rootFolder.folder("cache", create: true) else { return }
        let lock = try folder.lockFile(".lock")
        try lock.lock()
        let key = try loadOrCreateKey(in: rootFolder)
        var plaintext = role.json
        let sealed = SealedBox.seal(plaintext, key: key, associatedData: Self.associatedData(entry))
        plaintext.wipe()
        try folder.write(sealed, as: "\(entry).cred")
    }

    /// Removes entries that expired (or cannot be opened any more) and returns their names.
    func removeExpired(now: Date) throws -> [String] {
        guard let rootFolder = try StateFolder.openRoot(root.path, create: false),
              let folder = try rootFolder.folder("cache", create: false) else { return [] }
        let key = root.isRuntime ? try existingKey(in: rootFolder) : nil
        let lock = try folder.lockFile(".lock")
        try lock.lock()
        var removed: [String] = []
        for file in folder.entries() where file.hasSuffix(".cred") {
            let entry = String(file.dropLast(".cred".count))
            let expiration = key.flatMap { key in
                (try? folder.read(file)).flatMap { Self.open($0, key: key, entry: entry) }?.credentials.expiration
            }
            if expiration.map({ $0 <= now }) ?? true {
                try folder.removeFile(file)
                removed.append(entry)
            }
        }
        return removed
    }

    /// Removes the temporary files of writes that never finished (a rolesh killed while
    /// storing) and returns how many. Every write holds the lock to its end, so under the
    /// lock any temporary in the folder is abandoned.
    func removeUnfinishedWrites() throws -> Int {
        guard let folder = try StateFolder.openRoot(root.path, create: false)?.folder("cache", create: false) else { return 0 }
        let lock = try folder.lockFile(".lock")
        try lock.lock()
        let abandoned = folder.entries().filter { $0.contains(".tmp-") }
        for file in abandoned {
            try folder.removeFile(file)
        }
        return abandoned.count
    }

    /// Removes a cache an earlier rolesh left on persistent disk (the key beside it), when
    /// the state root is no runtime folder; true when there was one.
    func removeFromPersistentDisk() throws -> Bool {
        guard !root.isRuntime, let rootFolder = try StateFolder.openRoot(root.path, create: false) else { return false }
        let found = rootFolder.contains("cache") || rootFolder.contains(keyFile)
        try rootFolder.removeFolder("cache")
        try rootFolder.removeFile(keyFile)
        return found
    }

    /// The role sealed in `sealed` under `entry`; nil when it does not open or decode.
    /// The plaintext buffers are wiped before they are freed.
    private static func open(_ sealed: [UInt8], key: SymmetricKey, entry: String) -> CachedRole? {
        guard var plaintext = try? SealedBox.open(sealed, key: key, associatedData: associatedData(entry)) else { return nil }
        defer { plaintext.wipe() }
        return CachedRole(json: plaintext)
    }

    /// The key from the keyring; where this process has no keyring, from the key file.
    private func existingKey(in rootFolder: StateFolder) throws -> SymmetricKey? {
        do {
            return try keyring.load()
        } catch is KeyringError {
            guard rootFolder.contains(keyFile), var bytes = try? rootFolder.read(keyFile) else { return nil }
            defer { bytes.wipe() }
            return try? SymmetricKey(bytes: bytes)
        }
    }

    /// The per-user cache key, made on first use, in the keyring where there is one. Called
    /// under the cache's lock, so two processes never both make one.
    private func loadOrCreateKey(in rootFolder: StateFolder) throws -> SymmetricKey {
        if let key = try existingKey(in: rootFolder) { return key }
        let fresh = SymmetricKey.random()
        do {
            try keyring.store(fresh)
            return fresh
        } catch is KeyringError {
            var bytes = fresh.withUnsafeBytes { Array($0) }
            defer { bytes.wipe() }
            try rootFolder.writeOnce(bytes, as: keyFile)
            return fresh
        }
    }

    static func associatedData(_ entry: String) -> [UInt8] {
        Array("rolesh-cache-v1\u{0}\(entry)".utf8)
    }
}
