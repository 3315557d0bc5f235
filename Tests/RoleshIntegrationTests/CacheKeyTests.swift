// Issue 12 §4: the credential cache's key is kept in the kernel's user keyring, readable by
// the user's later processes whatever their session keyring; a 0600 file in the private
// runtime folder only where the keyring is out of reach; and with no private runtime folder
// nothing is cached at all, which `status` says. The keyring is put out of reach for real,
// by a seccomp filter (Tests/Scripts/keyring_jail.py), not by a switch in rolesh.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let jail = "\(TestPaths.packageRoot)/Tests/Scripts/keyring_jail.py"

/// How a run of rolesh reaches the keyring.
private enum Keyring: String {
    /// As the test runner does.
    case inherited
    /// In a new session (setsid) with a new, empty session keyring, as a cron job would be.
    case newSession = "new-session"
    /// add_key and keyctl refused (ENOSYS), as under a container's default seccomp profile.
    case blocked
}

private func rolesh(_ arguments: [String], _ keyring: Keyring, environment: [String: String]) throws -> ProcessResult {
    keyring == .inherited
        ? try runProcess(TestPaths.rolesh, arguments, environment: environment, timeout: 60)
        : try runProcess("/usr/bin/python3", [jail, keyring.rawValue, TestPaths.rolesh] + arguments,
                         environment: environment, timeout: 60)
}

/// The access key of `assume dev` run from the shell's base state.
private func assumedKey(_ sandbox: StoreSandbox, _ keyring: Keyring, environment: [String: String]) throws -> String? {
    let result = try rolesh(["assume", "dev", "--shell", "bash"], keyring, environment: environment)
    #expect(result.status == 0, "\(keyring.rawValue): \(result.stderr)")
    return try sandbox.evaluate(result.stdout, over: environment)?["AWS_ACCESS_KEY_ID"]
}

private func statusJSON(_ keyring: Keyring, environment: [String: String]) throws -> [String: Any] {
    let result = try rolesh(["status", "--json"], keyring, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
}

@Test func the_cache_key_lives_in_the_user_keyring_else_in_the_runtime_folder_else_nothing_is_cached() throws {
    let moto = try MotoServer()
    let base = [
        "ROLESH_QUIET": "1",
    ]

    // 1. A keyring: no key file anywhere; a process in another session and session keyring
    //    (cron, a systemd unit) still opens the cache: the same credentials come back.
    let keyed = try StoreSandbox(endpoint: moto.endpoint, label: "rolesh-keyring")
    defer { keyed.remove() }
    let keyedEnvironment = keyed.baseEnvironment.merging(base) { $1 }
    let first = try assumedKey(keyed, .inherited, environment: keyedEnvironment)
    #expect(first != nil)
    #expect(try assumedKey(keyed, .newSession, environment: keyedEnvironment) == first, "another session's process missed the cache")
    #expect(!keyed.stateFiles().contains("cache.key"), "the key was written to disk: \(keyed.stateFiles())")
    #expect(keyed.stateFiles().filter { $0.hasPrefix("cache/") && $0.hasSuffix(".cred") }.count == 1)
    #expect(try statusJSON(.newSession, environment: keyedEnvironment)["cache"] as? String == "keyring")

    // 2. No keyring: the key in a 0600 file of the private runtime folder, and the cache works.
    let filed = try StoreSandbox(endpoint: moto.endpoint, label: "rolesh-keyfile")
    defer { filed.remove() }
    let filedEnvironment = filed.baseEnvironment.merging(base) { $1 }
    let blockedFirst = try assumedKey(filed, .blocked, environment: filedEnvironment)
    #expect(blockedFirst != nil)
    #expect(try assumedKey(filed, .blocked, environment: filedEnvironment) == blockedFirst, "no cache without a keyring")
    var status = stat()
    #expect(lstat("\(filed.stateRoot)/cache.key", &status) == 0 && status.st_mode & 0o777 == 0o600, "no 0600 key file")
    let filedStatus = try statusJSON(.blocked, environment: filedEnvironment)
    #expect(filedStatus["cache"] as? String == "file")
    #expect((filedStatus["cache_note"] as? String)?.contains("\(filed.stateRoot)/cache.key") == true, "\(filedStatus)")

    // 3. Neither a keyring nor a private runtime folder: nothing cached, nothing of the cache
    //    on persistent disk, and status says why, in a line and in --json.
    let bare = try StoreSandbox(endpoint: moto.endpoint, label: "rolesh-nocache")
    defer { bare.remove() }
    var bareEnvironment = bare.baseEnvironment.merging(base) { $1 }
    bareEnvironment["XDG_RUNTIME_DIR"] = nil
    bareEnvironment["XDG_STATE_HOME"] = "\(bare.folder)/state"
    let uncachedFirst = try assumedKey(bare, .blocked, environment: bareEnvironment)
    #expect(uncachedFirst != nil)
    #expect(try assumedKey(bare, .blocked, environment: bareEnvironment) != uncachedFirst, "credentials were cached")
    let persistent = (FileManager.default.subpaths(atPath: "\(bare.folder)/state") ?? []).filter { $0.contains("cache") }
    #expect(persistent.isEmpty, "the cache went to persistent disk: \(persistent)")
    let bareStatus = try statusJSON(.blocked, environment: bareEnvironment)
    #expect(bareStatus["cache"] as? String == "off")
    #expect((bareStatus["cache_note"] as? String)?.contains("XDG_RUNTIME_DIR is unset") == true, "\(bareStatus)")
    let line = try rolesh(["status"], .blocked, environment: bareEnvironment)
    #expect(line.stdout.contains("cache    off: XDG_RUNTIME_DIR is unset"), "\(line.stdout)")
}
