// rolesh's files and folders: private, atomic, write-once, locked, and in the right place.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let runsAsRoot = geteuid() == 0

private func mode(_ path: String) -> mode_t {
    var status = stat()
    precondition(lstat(path, &status) == 0, "lstat \(path)")
    return status.st_mode & 0o7777
}

private func entries(_ folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
}

private func makeFile(_ path: String, _ text: String, mode: mode_t) {
    precondition(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "create \(path)")
    precondition(chmod(path, mode) == 0, "chmod \(path)")
}

// MARK: AtomicFile

@Test func atomic_write_leaves_a_0600_file_with_the_exact_bytes_and_no_temporary_files() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = "\(folder)/frame"
    let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    try AtomicFile.write(bytes, to: path)
    #expect(mode(path) == 0o600)
    #expect(try AtomicFile.read(path) == bytes)
    #expect(try entries(folder) == ["frame"])

    try AtomicFile.write(Array("replaced".utf8), to: path)
    #expect(try AtomicFile.read(path) == Array("replaced".utf8))
    #expect(try entries(folder) == ["frame"])

    try AtomicFile.write([], to: "\(folder)/empty")
    #expect(try AtomicFile.read("\(folder)/empty") == [])
}

@Test func write_once_refuses_an_existing_destination_and_leaves_it_untouched() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = "\(folder)/frame"
    try AtomicFile.writeOnce(Array("first".utf8), to: path)
    #expect(mode(path) == 0o600)
    #expect(throws: StorageError.alreadyExists(path: path)) {
        try AtomicFile.writeOnce(Array("second".utf8), to: path)
    }
    #expect(try AtomicFile.read(path) == Array("first".utf8))
    #expect(try entries(folder) == ["frame"])
}

@Test func atomic_write_into_a_missing_folder_names_the_folder() throws {
    let folder = try TestPaths.temporaryFolder()
    #expect(throws: StorageError.notFound(path: "\(folder)/gone")) {
        try AtomicFile.write([1], to: "\(folder)/gone/frame")
    }
    #expect(try entries(folder) == [])
}

@Test func atomic_read_refuses_a_symbolic_link_even_to_a_private_file() throws {
    let folder = try TestPaths.temporaryFolder()
    try AtomicFile.write(Array("secret".utf8), to: "\(folder)/target")
    try FileManager.default.createSymbolicLink(atPath: "\(folder)/link", withDestinationPath: "\(folder)/target")
    #expect(throws: StorageError.symbolicLink(path: "\(folder)/link")) { try AtomicFile.read("\(folder)/link") }
}

@Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o606] as [mode_t])
func atomic_read_refuses_a_file_open_to_others(permissions: mode_t) throws {
    let folder = try TestPaths.temporaryFolder()
    let path = "\(folder)/frame"
    makeFile(path, "x", mode: permissions)
    #expect(throws: StorageError.openToOthers(path: path, mode: UInt32(permissions), isFolder: false)) {
        try AtomicFile.read(path)
    }
}

@Test(.enabled(if: runsAsRoot, "chown to another uid needs root"))
func atomic_read_refuses_a_file_owned_by_another_user() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = "\(folder)/frame"
    makeFile(path, "x", mode: 0o600)
    #expect(chown(path, 65534, 65534) == 0)
    #expect(throws: StorageError.notOwned(path: path, owner: 65534, user: 0)) { try AtomicFile.read(path) }
}

@Test func atomic_read_refuses_a_folder_a_fifo_and_a_missing_file() throws {
    let folder = try TestPaths.temporaryFolder()
    #expect(mkdir("\(folder)/dir", 0o700) == 0)
    #expect(mkfifo("\(folder)/fifo", 0o600) == 0)
    #expect(throws: StorageError.notAFile(path: "\(folder)/dir")) { try AtomicFile.read("\(folder)/dir") }
    #expect(throws: StorageError.notAFile(path: "\(folder)/fifo")) { try AtomicFile.read("\(folder)/fifo") }
    #expect(throws: StorageError.notFound(path: "\(folder)/none")) { try AtomicFile.read("\(folder)/none") }
}

// MARK: PrivateFolder

@Test func private_folder_creates_missing_folders_0700_and_leaves_existing_parents_alone() throws {
    let base = try TestPaths.temporaryFolder()
    #expect(chmod(base, 0o755) == 0)
    let folder = PrivateFolder(path: "\(base)/state/rolesh/sessions")
    try folder.create()
    #expect(mode("\(base)/state") == 0o700)
    #expect(mode("\(base)/state/rolesh") == 0o700)
    #expect(mode("\(base)/state/rolesh/sessions") == 0o700)
    #expect(mode(base) == 0o755)
    try folder.create()
    try folder.verify()
}

@Test func private_folder_refuses_a_symbolic_link_to_a_private_folder() throws {
    let base = try TestPaths.temporaryFolder()
    try PrivateFolder(path: "\(base)/real").create()
    try FileManager.default.createSymbolicLink(atPath: "\(base)/rolesh", withDestinationPath: "\(base)/real")
    #expect(throws: StorageError.symbolicLink(path: "\(base)/rolesh")) { try PrivateFolder(path: "\(base)/rolesh").create() }
    #expect(throws: StorageError.symbolicLink(path: "\(base)/rolesh")) { try PrivateFolder(path: "\(base)/rolesh").verify() }
}

@Test(arguments: [
    (0o770, "group-writable"),
    (0o703, "world-writable"),
    (0o777, "world-writable"),
    (0o755, "readable by other users (mode 755)"),
    (0o710, "readable by other users (mode 710)"),
] as [(mode_t, String)])
func private_folder_refuses_a_folder_open_to_others(permissions: mode_t, exposure: String) throws {
    let base = try TestPaths.temporaryFolder()
    let path = "\(base)/rolesh"
    #expect(mkdir(path, 0o700) == 0 && chmod(path, permissions) == 0)
    let error = #expect(throws: StorageError.self) { try PrivateFolder(path: path).create() }
    #expect(error == .openToOthers(path: path, mode: UInt32(permissions), isFolder: true))
    #expect(error?.errorDescription == "\(path) is \(exposure); run chmod 700 \(path)")
    #expect(mode(path) == permissions)
}

@Test func private_folder_refuses_a_file_in_its_place() throws {
    let base = try TestPaths.temporaryFolder()
    makeFile("\(base)/rolesh", "", mode: 0o600)
    #expect(throws: StorageError.notAFolder(path: "\(base)/rolesh")) { try PrivateFolder(path: "\(base)/rolesh").create() }
    #expect(throws: StorageError.self) { try PrivateFolder(path: "\(base)/rolesh/sessions").create() }
}

@Test(.enabled(if: runsAsRoot, "chown to another uid needs root"))
func private_folder_refuses_a_folder_owned_by_another_user() throws {
    let base = try TestPaths.temporaryFolder()
    let path = "\(base)/rolesh"
    #expect(mkdir(path, 0o700) == 0 && chown(path, 65534, 65534) == 0)
    let error = #expect(throws: StorageError.self) { try PrivateFolder(path: path).verify() }
    #expect(error == .notOwned(path: path, owner: 65534, user: 0))
    #expect(error?.errorDescription?.hasPrefix("\(path) is owned by uid 65534, not by you (uid 0)") == true)
}

@Test func private_folder_verify_reports_a_missing_folder() throws {
    let base = try TestPaths.temporaryFolder()
    #expect(throws: StorageError.notFound(path: "\(base)/rolesh")) { try PrivateFolder(path: "\(base)/rolesh").verify() }
}

@Test func storage_errors_are_one_line_and_name_the_path() {
    let errors: [StorageError] = [
        .symbolicLink(path: "/p"), .notAFolder(path: "/p"), .notAFile(path: "/p"),
        .notOwned(path: "/p", owner: 1, user: 2), .openToOthers(path: "/p", mode: 0o644, isFolder: false),
        .notFound(path: "/p"), .alreadyExists(path: "/p"), .systemCall(call: "fsync", path: "/p", code: EIO),
    ]
    for error in errors {
        let message = error.errorDescription ?? ""
        #expect(message.contains("/p") && !message.contains("\n"), "\(message)")
    }
    #expect(StorageError.systemCall(call: "fsync", path: "/p", code: EIO).errorDescription == "fsync failed on /p: Input/output error")
    #expect(StorageError.openToOthers(path: "/p", mode: 0o644, isFolder: false).errorDescription?.hasSuffix("run chmod 600 /p") == true)
}

// MARK: FileLock

@Test func file_lock_makes_a_second_holder_wait_until_the_first_releases() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = "\(folder)/cache.lock"
    let first = try FileLock(path: path)
    try first.lock()
    #expect(mode(path) == 0o600)

    let events = EventLog()
    let secondHasLock = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        let second = try! FileLock(path: path)
        try! second.lock()
        events.append("second locked")
        try! second.unlock()
        secondHasLock.signal()
    }
    Thread.sleep(forTimeInterval: 0.3)
    events.append("first unlocks")
    try first.unlock()
    #expect(secondHasLock.wait(timeout: .now() + 10) == .success)
    #expect(events.entries == ["first unlocks", "second locked"])
}

@Test func with_lock_releases_the_lock_when_the_body_ends() throws {
    let folder = try TestPaths.temporaryFolder()
    let path = "\(folder)/cache.lock"
    let value = try FileLock.withLock(path: path) { 42 }
    #expect(value == 42)
    let descriptor = open(path, O_RDWR)
    defer { close(descriptor) }
    #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
}

@Test func file_lock_refuses_a_symbolic_link() throws {
    let folder = try TestPaths.temporaryFolder()
    try FileManager.default.createSymbolicLink(atPath: "\(folder)/cache.lock", withDestinationPath: "\(folder)/elsewhere")
    #expect(throws: StorageError.symbolicLink(path: "\(folder)/cache.lock")) { try FileLock(path: "\(folder)/cache.lock") }
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/elsewhere"))
}

private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    var entries: [String] { lock.withLock { log } }
    func append(_ entry: String) { lock.withLock { log.append(entry) } }
}

// MARK: StateRoot

private let existingRuntime = try! TestPaths.temporaryFolder("rolesh-runtime")

@Test(arguments: [
    (["XDG_RUNTIME_DIR": existingRuntime, "XDG_STATE_HOME": "/state", "HOME": "/home/u"], "\(existingRuntime)/rolesh"),
    (["XDG_RUNTIME_DIR": existingRuntime + "/", "HOME": "/home/u"], "\(existingRuntime)/rolesh"),
    (["XDG_RUNTIME_DIR": "/nonexistent/run/user/1000", "XDG_STATE_HOME": "/state", "HOME": "/home/u"], "/state/rolesh"),
    (["XDG_RUNTIME_DIR": "/nonexistent/run/user/1000", "HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["XDG_RUNTIME_DIR": "", "HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["XDG_RUNTIME_DIR": "run", "HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["XDG_RUNTIME_DIR": "/etc/hostname", "HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["XDG_STATE_HOME": "/state/", "HOME": "/home/u"], "/state/rolesh"),
    (["XDG_STATE_HOME": "relative/state", "HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["XDG_STATE_HOME": "", "HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["HOME": "/home/u"], "/home/u/.local/state/rolesh"),
    (["HOME": "/"], "/.local/state/rolesh"),
] as [([String: String], String)])
func state_root_prefers_the_runtime_folder_then_xdg_state_then_home(environment: [String: String], expected: String) {
    #expect(StateRoot.locate(environment: environment) == expected)
}

@Test func state_root_without_home_uses_the_user_database() throws {
    let home = try #require(getpwuid(geteuid())).pointee.pw_dir.map { String(cString: $0) }
    #expect(StateRoot.locate(environment: [:]) == "\(try #require(home))/.local/state/rolesh")
}

@Test func a_failed_atomic_write_removes_its_temporary_file() throws {
    let folder = try TestPaths.temporaryFolder()
    #expect(mkdir("\(folder)/frame", 0o700) == 0)
    #expect(mkdir("\(folder)/frame/occupied", 0o700) == 0)
    let error = #expect(throws: StorageError.self) { try AtomicFile.write([1, 2, 3], to: "\(folder)/frame") }
    guard case let .systemCall(call, path, _) = error else {
        Issue.record("expected a failed rename, got \(String(describing: error))")
        return
    }
    #expect(call == "rename" && path == "\(folder)/frame")
    #expect(try entries(folder) == ["frame"])
}
