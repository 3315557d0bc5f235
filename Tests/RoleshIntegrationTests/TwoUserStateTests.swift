// Issue 12 §2 with two real users: the victim (the test's own uid) and an attacker (uid and gid
// 65534, through setpriv) who can write a group-writable runtime folder or a sticky
// world-writable one. The attacker's `rolesh/` with a `cache` symbolic link into another
// private folder of the victim's made `rolesh clean` delete the victim's files there; its
// completion folder was where fish looked. Every attack must be refused or harmless, and
// nothing outside the state root touched.
import Foundation
import RoleshTestSupport
import Testing

private let attacker: uid_t = 65534

/// Runs `script` with /bin/sh as the attacker.
private func asAttacker(_ script: String) throws {
    let result = try runProcess("/usr/bin/setpriv", ["--reuid=\(attacker)", "--regid=\(attacker)", "--clear-groups",
                                                     "/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"])
    guard result.status == 0 else { throw TestSupportError("as the attacker: \(script): \(result.stderr)") }
}

/// Every entry under `path` with its size, for before/after comparison.
private func listing(_ path: String) -> [String] {
    (FileManager.default.subpaths(atPath: path) ?? []).sorted().map { name in
        let size = (try? FileManager.default.attributesOfItem(atPath: "\(path)/\(name)")[.size] as? Int) ?? -1
        return "\(name) \(size)"
    }
}

@Test(.enabled(if: geteuid() == 0, "a second user needs root"))
func another_users_state_folder_or_symbolic_links_are_refused_and_nothing_outside_the_state_root_is_touched() throws {
    // Under /tmp itself, not the runner's private TMPDIR, so that the attacker can reach it.
    let base = "/tmp/rolesh-two-users-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: base) }
    #expect(chmod(base, 0o711) == 0)
    // Another private folder of the victim's, with names the cache's clean-up would remove.
    let privateFolder = "\(base)/private"
    try FileManager.default.createDirectory(atPath: privateFolder, withIntermediateDirectories: false,
                                            attributes: [.posixPermissions: 0o700])
    for name in ["entry.cred", "draft.tmp-1", "keep"] {
        try "victim's".write(toFile: "\(privateFolder)/\(name)", atomically: false, encoding: .utf8)
    }
    let privateBefore = listing(privateFolder)
    let victim = ["PATH": "/usr/bin:/bin", "HOME": "\(base)/home", "LC_ALL": "C.UTF-8", "XDG_STATE_HOME": "\(base)/state"]

    // 1. A runtime folder the attacker's group can write, where the attacker made `rolesh/`
    //    first: a `cache` link into the victim's private folder, a fish completion to run.
    let runtime = "\(base)/run"
    try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: false)
    #expect(chown(runtime, 0, attacker) == 0 && chmod(runtime, 0o770) == 0)
    try asAttacker("""
        mkdir -m 777 '\(runtime)/rolesh' '\(runtime)/rolesh/completions' &&
        ln -s '\(privateFolder)' '\(runtime)/rolesh/cache' &&
        echo 'touch \(base)/PWNED' >'\(runtime)/rolesh/completions/rolesh.fish'
        """)
    let attackerBefore = listing("\(runtime)/rolesh")
    let inRuntime = victim.merging(["XDG_RUNTIME_DIR": runtime]) { $1 }
    let clean = try runProcess(TestPaths.rolesh, ["clean"], environment: inRuntime)
    #expect(clean.status == 0, "\(clean.stderr)")
    #expect(clean.stderr.components(separatedBy: "not using XDG_RUNTIME_DIR").count == 2,
            "one line says the runtime folder is not used: \(clean.stderr)")
    #expect(clean.stderr.contains("\(runtime) is writable by its group"), "\(clean.stderr)")
    let initFish = try runProcess(TestPaths.rolesh, ["init", "fish"], environment: inRuntime)
    #expect(initFish.status == 0, "\(initFish.stderr)")
    #expect(!initFish.stdout.contains(runtime), "fish is pointed into the attacker's folder")
    #expect(listing("\(runtime)/rolesh") == attackerBefore, "rolesh wrote into the attacker's folder")

    // 2. XDG_STATE_HOME in a sticky world-writable folder, where the attacker made `rolesh/`.
    let sticky = "\(base)/tmp"
    try FileManager.default.createDirectory(atPath: sticky, withIntermediateDirectories: false)
    #expect(chmod(sticky, 0o1777) == 0)
    try asAttacker("mkdir -m 777 '\(sticky)/rolesh' && ln -s '\(privateFolder)' '\(sticky)/rolesh/cache'")
    let inSticky = victim.merging(["XDG_STATE_HOME": sticky]) { $1 }
    for arguments in [["clean"], ["exit", "--reset", "--shell", "bash"]] {
        let refused = try runProcess(TestPaths.rolesh, arguments,
                                     environment: inSticky.merging(["ROLESH_SESSION": String(repeating: "a", count: 32)]) { $1 })
        #expect(refused.status != 0 && refused.stdout.isEmpty, "\(arguments): \(refused.status) \(refused.stdout)")
        #expect(refused.stderr.contains("\(sticky)/rolesh is owned by uid \(attacker), not by you"), "\(arguments): \(refused.stderr)")
    }

    // 3. The victim's own private state root, with a symbolic link where `cache` belongs:
    //    refused at that level, never followed.
    let own = "\(base)/own/rolesh"
    try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    #expect(symlink(privateFolder, "\(own)/cache") == 0)
    let linked = try runProcess(TestPaths.rolesh, ["clean"], environment: victim.merging(["XDG_STATE_HOME": "\(base)/own"]) { $1 })
    #expect(linked.status != 0 && linked.stdout.isEmpty, "\(linked.status) \(linked.stdout)")
    #expect(linked.stderr.contains("\(own)/cache is a symbolic link"), "\(linked.stderr)")

    #expect(listing(privateFolder) == privateBefore, "files outside the state root were touched")
    #expect(!FileManager.default.fileExists(atPath: "\(base)/PWNED"))
}
