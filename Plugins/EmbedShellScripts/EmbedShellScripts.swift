// Builds RoleshCore's IntegrationScripts (what `rolesh init` prints) from shell/ and
// completions/rolesh.fish at every build where one of them changed, with scripts/embed-shell,
// into the build folder: the scripts stay string literals in the binary (no copy or check at
// run time), and no second copy of them is kept in Sources/.

import Foundation
import PackagePlugin

@main
struct EmbedShellScripts: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let generator = root.appending(path: "scripts/embed-shell")
        // Every script in shell/: a new dialect's script is embedded without a line here.
        let scripts = try FileManager.default.contentsOfDirectory(atPath: root.appending(path: "shell").path(percentEncoded: false))
            .filter { $0.hasPrefix("rolesh.") }.sorted().map { "shell/\($0)" }
        let inputs = (scripts + ["completions/rolesh.fish"]).map { root.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "IntegrationScripts.swift")
        return [.buildCommand(displayName: "Embedding the shell integration scripts",
                              executable: URL(filePath: "/bin/bash"),
                              arguments: [generator.path(percentEncoded: false), output.path(percentEncoded: false)],
                              inputFiles: [generator] + inputs,
                              outputFiles: [output])]
    }
}
