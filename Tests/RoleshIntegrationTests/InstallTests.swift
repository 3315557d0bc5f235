// The README's quick start from a fresh clone: `make install` into a temporary prefix, then
// new bash, zsh and fish shells whose rc files hold only the README's lines (and PATH to the
// prefix): Tab completes a profile name. `make uninstall` then leaves the prefix empty.
import Foundation
import Testing
import RoleshTestSupport

/// A clone of the repository's committed state, as a new user gets it.
private let clone: String = {
    let folder = (try? TestPaths.temporaryFolder("rolesh-clone")) ?? NSTemporaryDirectory()
    _ = try? runProcess("git", ["clone", "--quiet", TestPaths.packageRoot, "\(folder)/rolesh"],
                        environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    return "\(folder)/rolesh"
}()

/// The README's rc lines for the file named `rcFile` (the comment that ends each line).
private func readmeLines(for rcFile: String) throws -> [String] {
    let readme = try String(contentsOfFile: "\(clone)/README.md", encoding: .utf8)
    return readme.split(separator: "\n").filter { $0.contains("# \(rcFile)") }.map {
        String($0[..<$0.range(of: "#", options: .backwards)!.lowerBound]).trimmingCharacters(in: .whitespaces)
    }
}

private func make(_ arguments: [String]) throws -> ProcessResult {
    try runProcess("make", ["-s", "-C", clone] + arguments,
                   environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
}

@Test func installed_rolesh_completes_a_profile_in_new_shells_and_uninstalls_cleanly() throws {
    let prefix = try TestPaths.temporaryFolder("rolesh-prefix")
    let installed = try make(["install", "PREFIX=\(prefix)", "ROLESH_BINARY=\(TestPaths.rolesh)"])
    #expect(installed.status == 0, "\(installed.stderr)")
    #expect(FileManager.default.isExecutableFile(atPath: "\(prefix)/bin/rolesh"))
    for file in ["share/rolesh/rolesh.bash", "share/bash-completion/completions/rolesh", "share/zsh/site-functions/_rolesh",
                 "share/fish/vendor_completions.d/rolesh.fish", "share/man/man1/rolesh.1"] {
        #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file)")
    }

    let home = try completionHome()
    try FileManager.default.createDirectory(atPath: "\(home)/.config/fish", withIntermediateDirectories: true)
    let path = "\(prefix)/bin:/usr/bin:/bin"
    let bashLines = try readmeLines(for: "~/.bashrc"), zshLines = try readmeLines(for: "~/.zshrc")
    let fishLines = try readmeLines(for: "~/.config/fish/config.fish")
    #expect(bashLines == [#"eval "$(rolesh init bash)""#])
    #expect(fishLines == ["rolesh init fish | source"])
    try (["export PATH=\(path)"] + bashLines).joined(separator: "\n").write(toFile: "\(home)/.bashrc", atomically: true, encoding: .utf8)
    try (["path=(\(prefix)/bin $path)"] + zshLines).joined(separator: "\n").write(toFile: "\(home)/.zshrc", atomically: true, encoding: .utf8)
    try (["set -gx PATH \(prefix)/bin $PATH"] + fishLines).joined(separator: "\n")
        .write(toFile: "\(home)/.config/fish/config.fish", atomically: true, encoding: .utf8)

    let environment = ["HOME": home, "PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": "\(home)/.config"]
    for command in ["bash --noprofile -i", "zsh -i", "fish -i"] {
        let terminal = try TmuxSession(command, environment: environment)
        Thread.sleep(forTimeInterval: 1.5)
        try terminal.send("rolesh assume d")
        try terminal.send("Tab", literal: false)
        let screen = try terminal.waitForScreen { $0.split(separator: "\n").contains { $0.hasSuffix("rolesh assume dev") } }
        #expect(screen.split(separator: "\n").contains { $0.hasSuffix("rolesh assume dev") }, "\(command):\n\(screen)")
    }

    let uninstalled = try make(["uninstall", "PREFIX=\(prefix)"])
    #expect(uninstalled.status == 0, "\(uninstalled.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: prefix) == [])
}
