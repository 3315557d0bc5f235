import FoundationEssentials

extension RoleshContext {
    /// The real world: this process's environment, libcurl (loaded on first request),
    /// /dev/tty, the system clock and stderr.
    public static func live() -> RoleshContext {
        let environment = ProcessEnvironment.current()
        return RoleshContext(
            environment: environment,
            transport: CurlTransport(environment: environment),
            terminal: TTYTerminal(),
            standardError: { OutputStream.standardError.write($0) })
    }
}
