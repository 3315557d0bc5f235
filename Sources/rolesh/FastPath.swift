// Reads the hot, simple command lines (`assume NAME [--refresh]`, `exit`, `status`,
// `refresh --auto`, `init bash`, `list --names`) without ArgumentParser, which cost more
// than half of a cached assume at every switch (reflection, types instantiated by mangled
// name, conformance scans over this static binary; Benchmarks/ANALYSIS.md, fix 4). Any
// other command line (another flag, --help, -h, --shell=X, a repeated flag, an extra
// argument) returns nil and goes to ArgumentParser as before. Both paths end in the same
// `Invocation`.

import RoleshCore

enum FastPath {
    /// What a command accepts on the fast path.
    struct Form {
        enum Operand {
            case none, optional, required
        }

        /// Boolean flags, each at most once, in any order.
        var flags: [String] = []
        /// `--shell X`, once, X not starting with `-`.
        var takesShell = false
        /// One positional argument not starting with `-`.
        var operand = Operand.none
        var invocation: (_ flags: [String], _ operand: String?, _ shell: String?) -> Invocation
    }

    /// The table, as a switch: a static dictionary of forms cost more to build (generic
    /// metadata) than reading the arguments (Benchmarks/ANALYSIS.md, fix 4).
    static func form(named command: String) -> Form? {
        switch command {
        case "init": Form(operand: .required) { _, operand, _ in .initScript(shell: operand ?? "") }
        case "assume": Form(flags: ["--refresh"], takesShell: true, operand: .optional) { flags, operand, shell in
            .assume(AssumeOptions(target: operand, skipCache: flags.contains("--refresh")), shell: shell)
        }
        case "exit": Form(flags: ["--all", "--reset"], takesShell: true) { flags, _, shell in
            .exit(all: flags.contains("--all"), reset: flags.contains("--reset"), shell: shell)
        }
        case "refresh": Form(flags: ["--auto"], takesShell: true) { flags, _, shell in
            .refresh(auto: flags.contains("--auto"), shell: shell)
        }
        case "status": Form(flags: ["--json"]) { flags, _, _ in .status(json: flags.contains("--json")) }
        case "list": Form(flags: ["--names"]) { flags, _, _ in .list(flags.contains("--names") ? .names : .table) }
        default: nil
        }
    }

    /// The invocation `arguments` (without the program name) ask for, or nil when
    /// ArgumentParser has to read them.
    static func invocation(for arguments: [String]) -> Invocation? {
        guard let command = arguments.first, let form = form(named: command) else { return nil }
        var flags: [String] = []
        var operand: String?
        var shell: String?
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if !argument.hasPrefix("-") {
                guard form.operand != .none, operand == nil else { return nil }
                operand = argument
            } else if form.flags.contains(argument) {
                guard !flags.contains(argument) else { return nil }
                flags.append(argument)
            } else {
                guard argument == "--shell", form.takesShell, shell == nil,
                      let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                shell = value
            }
        }
        if form.operand == .required && operand == nil { return nil }
        return form.invocation(flags, operand, shell)
    }
}
