// The entry point every fuzzer shares. SwiftPM links an executable's `main` to its own
// top-level code, so libFuzzer's `main` cannot be used; the fuzzers' main.swift hands the
// command line to libFuzzer's driver instead, which parses the same flags.
#if canImport(Glibc)
import Glibc
#endif
import RoleshCore

/// What libFuzzer calls with each input: its bytes and their count; returns 0.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: FuzzTest
) -> CInt

/// Runs libFuzzer on `test` with this process's arguments and exits with its status.
public func runFuzzer(_ test: FuzzTest) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

/// The input as an array, empty when libFuzzer passes no buffer.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the fuzzer with `message` when `condition` is false. Unlike `precondition`, whose
/// message -O drops, `fatalError` prints it, so a crash report says which property failed.
public func require(_ condition: Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}

/// Every error a user sees is one line (DESIGN: what failed and what to do): a line break
/// taken from a file or a server's answer must not reach the terminal as one.
public func requireOneLine(_ error: any Error, file: StaticString = #fileID, line: UInt = #line) {
    let message = error.message
    require(!message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" },
            "error message is not one line: \(Array(message.utf8))", file: file, line: line)
}
