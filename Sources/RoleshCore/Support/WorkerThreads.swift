// A fixed number of threads that share a list of jobs: what `sso roles` needs to keep a
// bounded number of portal requests in flight over hundreds of accounts. POSIX threads,
// not Dispatch or Swift concurrency: the work is blocking libcurl calls, and each thread
// runs one at a time, so the bound is the thread count and nothing else.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex over a value, for the few places where threads share state.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private var mutex = pthread_mutex_t()

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(&mutex, nil)
    }

    deinit { pthread_mutex_destroy(&mutex) }

    /// Runs `body` with the value, holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(&value)
    }
}

enum WorkerThreads {
    /// Runs `job(index)` for every index of `0..<count` on at most `threads` threads at
    /// once and returns the results in index order. The first error stops the other
    /// threads taking new jobs and is thrown once every thread has finished.
    static func map<Result: Sendable>(count: Int, threads: Int,
                                      _ job: @escaping @Sendable (Int) throws -> Result) throws -> [Result] {
        let state = Locked((next: 0, results: [Result?](repeating: nil, count: count), failure: (any Error)?.none))
        let work: @Sendable () -> Void = {
            while true {
                let index: Int? = state.withLock { state in
                    guard state.failure == nil, state.next < count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let index else { return }
                do {
                    let result = try job(index)
                    state.withLock { $0.results[index] = result }
                } catch {
                    state.withLock { state in if state.failure == nil { state.failure = error } }
                }
            }
        }
        let started = (0..<max(1, min(threads, count))).map { _ in startThread(work) }
        for thread in started {
            if let thread { pthread_join(thread, nil) }
        }
        // A thread that could not start leaves its share to the others; if none started,
        // the work runs here.
        if started.allSatisfy({ $0 == nil }) { work() }
        return try state.withLock { state in
            if let failure = state.failure { throw failure }
            return state.results.map { $0! }
        }
    }

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// A thread running `body`, or nil when the system would not start one.
    private static func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let status = pthread_create(&thread, nil, { context in
            #if canImport(Glibc)
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            #else
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            #endif
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}
