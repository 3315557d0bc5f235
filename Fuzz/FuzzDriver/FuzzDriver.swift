// The entry point every fuzzer shares. SwiftPM links an executable's `main` to its own
// top-level code, so libFuzzer's `main` cannot be used; the fuzzers' main.swift hands the
// command line to libFuzzer's driver instead, which parses the same flags.
#if canImport(Glibc)
import Glibc
#endif
import RoleshCore

/// What libFuzzer calls with each input: its bytes and their count; returns 0.
private typealias FuzzEntry = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ entry: FuzzEntry
) -> CInt

/// The test `runFuzzer` was given: set once before libFuzzer starts, only read after, from
/// libFuzzer's one thread. A C function pointer cannot capture it, hence the global.
nonisolated(unsafe) private var currentTest: ([UInt8]) -> Void = { _ in }

/// Runs libFuzzer with this process's arguments, handing `test` each input's bytes, and
/// exits with libFuzzer's status.
package func runFuzzer(_ test: @escaping ([UInt8]) -> Void) -> Never {
    currentTest = test
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        currentTest(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    })
}

/// Stops the fuzzer with `message` when `condition` is false. Unlike `precondition`, whose
/// message -O drops, `fatalError` prints it, so a crash report says which property failed.
package func require(_ condition: Bool, _ message: @autoclosure () -> String,
                     file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}

/// Every error a user sees is one line (DESIGN: what failed and what to do): a line break
/// taken from a file or a server's answer must not reach the terminal as one.
package func requireOneLine(_ error: any Error, file: StaticString = #fileID, line: UInt = #line) {
    let message = error.message
    require(!message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" },
            "error message is not one line: \(Array(message.utf8))", file: file, line: line)
}
