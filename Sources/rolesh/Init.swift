import ArgumentParser
import FoundationEssentials
import RoleshCore

#if canImport(Glibc)
import Glibc
#endif

extension Rolesh {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the shell integration for bash, zsh or fish.",
            discussion: #"bash, zsh: eval "$(rolesh init bash)" in ~/.bashrc or ~/.zshrc; fish: rolesh init fish | source"#
        )

        @Argument(help: "The shell: bash, zsh or fish.")
        var shell: String

        func run() throws {
            let command = InitCommand(
                shell: shell,
                binaryPath: InitCommand.runningBinaryPath(),
                environment: ProcessInfo.processInfo.environment,
                makeSession: { (id: randomHex(byteCount: 16), key: randomHex(byteCount: 32)) }
            )
            guard OutputStream.standardOutput.write(try command.run()) else { throw ExitCode.failure }
        }
    }
}

// Placeholder until the crypto work's SecureRandom lands and replaces it at merge.
private func randomHex(byteCount: Int) -> String {
    guard let file = fopen("/dev/urandom", "r") else { fatalError("cannot open /dev/urandom") }
    defer { fclose(file) }
    var bytes = [UInt8](repeating: 0, count: byteCount)
    guard fread(&bytes, 1, byteCount, file) == byteCount else { fatalError("short read from /dev/urandom") }
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
}
