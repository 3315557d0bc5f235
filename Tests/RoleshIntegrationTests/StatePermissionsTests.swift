// DESIGN §6, the ssh rule: rolesh trusts its folders and frame files only when they are
// real (no symbolic link), its user's, and closed to group and others. Anything else is
// refused with one line that names the path and the fix, nothing on stdout, and nothing
// written there.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// A folder of the state, located in a sandbox whose shell stands on one `assume dev`.
enum StateFolder: String, CaseIterable, Sendable {
    case root, sessions, session, cache

    func path(in sandbox: StoreSandbox, session: String) -> String {
        switch self {
        case .root: sandbox.stateRoot
        case .sessions: "\(sandbox.stateRoot)/sessions"
        case .session: "\(sandbox.stateRoot)/sessions/\(session)"
        case .cache: "\(sandbox.stateRoot)/cache"
        }
    }
}

/// What is wrong with a folder or file, and the words the message must use for the fix.
enum Defect: String, CaseIterable, Sendable {
    case groupWritable, worldWritable, otherOwner, symbolicLink

    /// Damages `path`. A symbolic link replaces it, pointing at the original moved aside.
    /// Returns the path whose listing must not change.
    func apply(to path: String) throws -> String {
        switch self {
        case .groupWritable: guard chmod(path, 0o770) == 0 else { throw TestSupportError("chmod \(path)") }
        case .worldWritable: guard chmod(path, 0o703) == 0 else { throw TestSupportError("chmod \(path)") }
        case .otherOwner: guard chown(path, 65534, 65534) == 0 else { throw TestSupportError("chown \(path)") }
        case .symbolicLink:
            let aside = "\(path).real"
            guard rename(path, aside) == 0, symlink(aside, path) == 0 else { throw TestSupportError("symlink \(path)") }
            return aside
        }
        return path
    }

    /// A word of the fix the message must offer.
    func fix(for path: String) -> String {
        switch self {
        case .groupWritable, .worldWritable: "chmod"
        case .otherOwner, .symbolicLink: "remove"
        }
    }
}

/// The commands that must refuse a damaged folder: an assume (which reads the stack and
/// the cache and writes a frame) and an exit (which reads a frame). An exit never uses the cache.
private let permissionCases: [(String, StateFolder, Defect)] = ["assume", "exit"].flatMap { command in
    StateFolder.allCases.filter { !(command == "exit" && $0 == .cache) }.flatMap { folder in
        Defect.allCases.map { (command, folder, $0) }
    }
}

/// Sets up a sandbox standing on one `assume dev`, prod's credentials cached; returns it
/// with that shell's state.
private func standOnOneAssume(_ moto: MotoServer) throws -> (StoreSandbox, [String: String]) {
    let sandbox = try StoreSandbox(endpoint: moto.endpoint, label: "rolesh-perm")
    let first = try sandbox.rolesh(["assume", "dev", "--shell", "bash"], environment: sandbox.baseEnvironment)
    guard first.status == 0, let shell = try sandbox.evaluate(first.stdout, over: sandbox.baseEnvironment) else {
        throw TestSupportError("setup assume failed: \(first.stderr)")
    }
    // prod's credentials cached too: the assume under test (of prod, since assuming the
    // active dev again touches nothing) reads the cache folder.
    let cached = try sandbox.rolesh(["export", "prod", "--format", "json"], environment: sandbox.baseEnvironment)
    guard cached.status == 0 else { throw TestSupportError("setup export failed: \(cached.stderr)") }
    return (sandbox, shell)
}

/// Every file under `path`, with its size, for before/after comparison.
private func listing(_ path: String) -> [String] {
    (FileManager.default.subpaths(atPath: path) ?? []).sorted().map { name in
        let size = (try? FileManager.default.attributesOfItem(atPath: "\(path)/\(name)")[.size] as? Int) ?? -1
        return "\(name) \(size)"
    }
}

private func arguments(_ command: String) -> [String] {
    // prod, not the dev the shell stands on: assuming the active role again writes nothing.
    command == "assume" ? ["assume", "prod", "--shell", "bash"] : ["exit", "--shell", "bash"]
}

@Test func a_state_folder_that_is_not_private_is_refused() throws {
    let moto = try MotoServer()
    for (command, folder, defect) in permissionCases {
        let label = "\(command) with \(folder.rawValue) \(defect.rawValue)"
        let (sandbox, shell) = try standOnOneAssume(moto)
        defer { sandbox.remove() }
        let path = folder.path(in: sandbox, session: shell["ROLESH_SESSION"]!)
        let watched = try defect.apply(to: path)
        let before = listing(watched)

        let result = try sandbox.rolesh(arguments(command), environment: shell)

        #expect(result.isCleanFailure, "\(label): status \(result.status), stdout \(result.stdout.count) bytes, stderr \(result.stderr)")
        #expect(result.stderr.contains(path), "\(label): the message names \(path): \(result.stderr)")
        #expect(result.stderr.contains(defect.fix(for: path)), "\(label): the message says how to fix it: \(result.stderr)")
        #expect(listing(watched) == before, "\(label): something was written in \(watched)")
        print("\(label): \(result.stderr.dropLast())")
    }
}

/// The frame the shell stands on, damaged: a symbolic link to a copy of itself, or open
/// to the group or to others.
@Test func a_frame_file_that_is_not_private_is_refused() throws {
    let moto = try MotoServer()
    for command in ["assume", "exit"] {
        for damage in ["symbolicLink", "0640", "0604"] {
            let label = "\(command) with frame \(damage)"
            let (sandbox, shell) = try standOnOneAssume(moto)
            defer { sandbox.remove() }
            let frame = SessionStore(root: sandbox.stateRoot).path(of: shell["ROLESH_FRAME"]!, in: shell["ROLESH_SESSION"]!)
            if damage == "symbolicLink" {
                try #require(rename(frame, "\(frame).real") == 0 && symlink("\(frame).real", frame) == 0)
            } else {
                try #require(chmod(frame, mode_t(damage, radix: 8)!) == 0)
            }
            let folder = parentFolder(frame)
            let before = listing(folder)

            let result = try sandbox.rolesh(arguments(command), environment: shell)

            #expect(result.isCleanFailure, "\(label): status \(result.status), stderr \(result.stderr)")
            #expect(result.stderr.contains(frame), "\(label): the message names the frame file: \(result.stderr)")
            #expect(result.stderr.contains(damage == "symbolicLink" ? "rm \(frame)" : "chmod 600 \(frame)"), "\(label): \(result.stderr)")
            #expect(listing(folder) == before, "\(label): something was written in \(folder)")
        }
    }
}

private func parentFolder(_ path: String) -> String {
    String(path[..<path.lastIndex(of: "/")!])
}
