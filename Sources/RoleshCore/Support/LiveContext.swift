import FoundationEssentials

extension RoleshContext {
    /// The real world: this process's environment, libcurl (loaded on first request),
    /// /dev/tty, the system clock and stderr.
    package static func live() -> RoleshContext {
        let environment = ProcessEnvironment.current()
        // Warnings quote config values and AWS answers: their control characters are escaped.
        let standardError: @Sendable (String) -> Void = { message in
            let line = message.hasSuffix("\n") ? String(message.dropLast()) : message
            OutputStream.standardError.write(line.escapingControlCharacters + (message.hasSuffix("\n") ? "\n" : ""))
        }
        return RoleshContext(
            environment: environment,
            transport: CleartextWarningTransport(base: CurlTransport(environment: environment), warn: standardError),
            terminal: TTYTerminal(),
            standardError: standardError)
    }
}
