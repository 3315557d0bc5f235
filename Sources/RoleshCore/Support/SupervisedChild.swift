// A command run as rolesh's child, for `exec --server`, where rolesh must stay alive to serve
// the credentials endpoint. rolesh then stands between the command and its signals:
// - the terminal's Ctrl-C (and Ctrl-\, a hangup, a resize) reaches the child directly, as
//   both are in the terminal's foreground process group; rolesh ignores its own copy, since
//   a second SIGINT tells programs like terraform to stop at once;
// - a signal sent to rolesh itself by another process (kill, a supervisor) is passed on;
// - rolesh exits as the child did: its status, or 128+n for signal n, as shells report it.
// Signals are taken synchronously (sigtimedwait on the main thread): no handler runs in
// the middle of the server's or the renewal's work.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals rolesh takes over while its child runs.
final class SignalRelay {
    static let relayed = [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH]

    private var watched = sigset_t()
    /// The mask rolesh started with: the child's.
    private var original = sigset_t()

    /// Blocks the relayed signals and SIGCHLD in this thread and the threads it starts from
    /// now on: call before starting any.
    init() {
        sigemptyset(&watched)
        for signal in Self.relayed + [SIGCHLD] { sigaddset(&watched, signal) }
        pthread_sigmask(SIG_BLOCK, &watched, &original)
        // Inherited as ignored, SIGCHLD would have the kernel reap the child unseen.
        signal(SIGCHLD, SIG_DFL)
    }

    deinit {
        pthread_sigmask(SIG_SETMASK, &original, nil)
    }

    /// Starts `command` (found in PATH like execvp) with `environment` and rolesh's
    /// original signal mask. Throws ExecError as plain `exec` does.
    func spawn(_ command: [String], environment: [String: String]) throws(ExecError) -> pid_t {
        guard let name = command.first, !name.isEmpty else { throw .noCommand }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setsigmask(&attributes, &original)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let status = withExecArrays(arguments: command, environment: environment) { argv, envp in
            posix_spawnp(&child, name, nil, &attributes, argv, envp)
        }
        switch status {
        case 0: return child
        case ENOENT: throw .notFound(name: name)
        default: throw .failed(name: name, reason: String(cString: strerror(status)))
        }
    }

    /// Waits for `child` to end, passing on signals other processes send to rolesh, and
    /// returns the status a shell would give it (128+n for signal n).
    func wait(for child: pid_t) -> Int32 {
        while true {
            var info = siginfo_t()
            var timeout = timespec(tv_sec: 1, tv_nsec: 0)
            let signal = sigtimedwait(&watched, &info, &timeout)
            // si_code ≤ 0: sent by a process (kill, sigqueue, tgkill); above: by the kernel,
            // for the terminal, which sent the child its own.
            if signal > 0, signal != SIGCHLD, info.si_code <= 0 {
                kill(child, signal)
            }
            var status: Int32 = 0
            let reaped = waitpid(child, &status, WNOHANG)
            if reaped == child {
                let signalNumber = status & 0x7f
                return signalNumber == 0 ? (status >> 8) & 0xff : 128 + signalNumber
            }
            // Not rolesh's child any more (nothing else reaps it here): report a failure.
            if reaped < 0 && errno != EINTR { return 1 }
        }
    }
}
