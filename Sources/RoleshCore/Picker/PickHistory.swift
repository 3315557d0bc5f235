// Which profiles were assumed, and when, so that the picker puts the ones a user switches
// to most often and most recently first. One line per switch, `EPOCH NAME`, appended to
// `${XDG_STATE_HOME:-~/.local/state}/rolesh/history` (0600): on persistent disk, since
// habits outlive a login, and holding only profile names, which are no secret.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The record of past switches.
struct PickHistory: Sendable {
    /// Lines kept when the file is read; older ones are dropped then.
    static let keptLines = 1_000

    let path: String

    init(path: String) {
        self.path = path
    }

    /// The history of the user `environment` belongs to.
    init(environment: [String: String]) {
        self.init(path: StateRoot.persistentFolder(environment: environment) + "/history")
    }

    /// Adds one switch to `name`. Best effort: the history only orders the picker, so a
    /// failure here never fails a switch. One append of one short line, no lock: appends
    /// to a local file do not interleave.
    func record(_ name: String, at date: Date) {
        guard !name.utf8.contains(UInt8(ascii: "\n")), (try? PrivateFolder(path: parentFolder(of: path)).create()) != nil
        else { return }
        let descriptor = retryingOnInterrupt { open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (try? requirePrivate(status, kind: .file, path: path)) != nil else { return }
        let line = Array("\(Int(date.timeIntervalSince1970)) \(name)\n".utf8)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// Each profile's frecency at `now`: every switch counts 4 within the hour, 2 within
    /// the day, 1 within the week and 0.25 after (the weights of z and zoxide). The file is
    /// cut to its last `keptLines` lines when it has grown past them.
    func frecencies(now: Date) -> [String: Double] {
        guard let bytes = try? AtomicFile.read(path) else { return [:] }
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        var scores: [String: Double] = [:]
        for line in lines.suffix(Self.keptLines) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")),
                  let time = Int(String(decoding: line[..<space], as: UTF8.self)) else { continue }
            let age = now.timeIntervalSince1970 - Double(time)
            let weight = age < 3_600 ? 4 : age < 86_400 ? 2 : age < 604_800 ? 1 : 0.25
            scores[String(decoding: line[(space + 1)...], as: UTF8.self), default: 0] += weight
        }
        if lines.count > Self.keptLines {
            try? AtomicFile.write(Array(lines.suffix(Self.keptLines).joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")],
                                  to: path)
        }
        return scores
    }
}
