// Where an MFA code comes from (DESIGN §7): the --token-code flag, else a question on the
// terminal; never stdin, never stdout.

/// Finds the MFA code a call needs.
enum MFAPrompt {
    /// `given` (`--token-code`) when set, else the code typed at "MFA code for SERIAL: " on
    /// `terminal` ("MFA code for SERIAL (profile NAME): " when a profile names the device, so
    /// that a chain asking twice says which hop each code is for); checked to be 6 digits.
    /// Without a terminal the error names `--token-code`.
    static func tokenCode(for serialNumber: String, profile: String? = nil, given: String?,
                          terminal: any Terminal) throws -> String {
        if let given {
            try STSLimits.validateTokenCode(given)
            return given
        }
        let typed: String
        do {
            typed = try terminal.ask("MFA code for \(serialNumber)\(profile.map { " (profile \($0))" } ?? ""): ")
        } catch TerminalError.unavailable {
            throw STSError.tokenCodeRequired(serialNumber: serialNumber)
        }
        let code = String(typed.filter { !$0.isWhitespace })
        try STSLimits.validateTokenCode(code)
        return code
    }
}
