// A program started with posix_spawn, its stdout read through a pipe, reaped on every path.
// Foundation's Process is not in FoundationEssentials, and a credential helper needs only this.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running child: stdin from /dev/null, stdout captured, stderr shared with rolesh.
final class ChildProcess {
    enum Outcome: Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    private let pid: pid_t
    private var output: Int32
    private var reaped = false

    /// Starts `arguments[0]` (looked up in PATH like execvp) with exactly `environment`.
    /// Returns the errno of a failed start.
    init(arguments: [String], environment: [String: String]) throws(SpawnError) {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw SpawnError(errno: errno) }
        // Neither end may leak into the child except as its stdout (dup2 clears the flag there).
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)

        var child: pid_t = 0
        let status = withExecArrays(arguments: arguments, environment: environment) { argv, envp in
            var status = posix_spawnp(&child, arguments[0], &actions, nil, argv, envp)
            // ETXTBSY: a script just written is still open for writing in some process that
            // forked meanwhile (a known race of fork and exec; Go's os/exec retries too).
            for _ in 0..<5 where status == ETXTBSY {
                usleep(20_000)
                status = posix_spawnp(&child, arguments[0], &actions, nil, argv, envp)
            }
            return status
        }
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw SpawnError(errno: status)
        }
        pid = child
        output = pipeEnds[0]
    }

    deinit {
        if output >= 0 { close(output) }
        if !reaped {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// Reads stdout to its end, then waits for the exit, both before `deadline`;
    /// past it the child is killed.
    func finish(by deadline: ContinuousClock.Instant) -> (Outcome, [UInt8]) {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while output >= 0 {
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds(until: deadline))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { return (killChild(), collected) }
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                close(output)
                output = -1
            } else {
                collected += buffer[0..<count]
            }
        }
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
                let signal = status & 0x7f
                return (signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal), collected)
            }
            if result < 0 && errno != EINTR { reaped = true; return (.exited(-1), collected) }
            if ContinuousClock.now >= deadline { return (killChild(), collected) }
            usleep(5_000)
        }
    }

    private func killChild() -> Outcome {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        return .timedOut
    }

    private func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        let (seconds, attoseconds) = left.components
        if seconds < 0 { return 0 }
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }
}

/// posix_spawn's failure, as an errno value.
struct SpawnError: Error {
    var errno: Int32
    var description: String { String(cString: strerror(errno)) }
}
