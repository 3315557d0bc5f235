// `make deb` end to end: the package is built from the binary under test, its contents are
// what the README promises, lintian finds no error, the host's dpkg accepts its
// dependencies, and installed into a throwaway root its binary runs and reads a config.
import Foundation
import Testing
import RoleshTestSupport

/// The release binary under test (scripts/test sets ROLESH_BINARY to it); a debug build
/// cannot be packaged, since it loads the Swift runtime from the toolchain.
private let releaseBinary = ProcessInfo.processInfo.environment["ROLESH_BINARY"]
    ?? "\(TestPaths.packageRoot)/.build/release/rolesh"

@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: releaseBinary), "needs the release build (make release)"))
func deb_package_installs_into_a_throwaway_root_and_its_binary_runs() throws {
    let output = try TestPaths.temporaryFolder("rolesh-deb")
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let built = try runProcess(
        "make", ["-s", "-C", TestPaths.packageRoot, "deb", "DEB_OUTPUT=\(output)", "ROLESH_BINARY=\(releaseBinary)"],
        environment: ["PATH": path, "TMPDIR": NSTemporaryDirectory()], timeout: 300)
    #expect(built.status == 0, "\(built.stderr)")
    let version = try runProcess(releaseBinary, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let package = "\(output)/rolesh_\(version)_amd64.deb"
    #expect(built.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == package)

    let contents = try runProcess("dpkg-deb", ["-c", package]).stdout
    for file in ["./usr/bin/rolesh", "./usr/share/rolesh/rolesh.bash", "./usr/share/rolesh/rolesh.zsh",
                 "./usr/share/rolesh/rolesh.fish", "./usr/share/bash-completion/completions/rolesh",
                 "./usr/share/zsh/vendor-completions/_rolesh", "./usr/share/fish/vendor_completions.d/rolesh.fish",
                 "./usr/share/man/man1/rolesh.1.gz", "./usr/share/doc/rolesh/copyright",
                 "./usr/share/doc/rolesh/changelog.gz"] {
        #expect(contents.split(separator: "\n").contains { $0.hasSuffix(" \(file)") }, "\(file) missing:\n\(contents)")
    }
    let owners = Set(contents.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] })
    #expect(owners == ["root/root"], "every file is root's: \(owners)")

    let depends = try runProcess("dpkg-deb", ["-f", package, "Depends"]).stdout
    // Linked (from dpkg-shlibdeps) and loaded with dlopen (by hand), nothing else.
    for library in ["libc6", "libsodium23", "libcurl4", "libssl3"] {
        #expect(depends.contains(library), "Depends lacks \(library): \(depends)")
    }
    #expect(!depends.contains("-dev"), "a runtime package must not need a -dev package: \(depends)")
    let debug = try runProcess("make", ["-s", "-C", TestPaths.packageRoot, "deb", "DEB_OUTPUT=\(output)/debug",
                                        "ROLESH_BINARY=\(TestPaths.packageRoot)/.build/debug/rolesh"],
                               environment: ["PATH": path, "TMPDIR": NSTemporaryDirectory()])
    #expect(debug.status != 0 && debug.stderr.contains("package the release build"), "a debug build is refused: \(debug.stderr)")
    // The host's dpkg checks every dependency against what is installed, without installing.
    let simulated = try runProcess("dpkg", ["--simulate", "-i", package])
    #expect(simulated.status == 0, "\(simulated.stdout)\(simulated.stderr)")

    let lintian = try runProcess("lintian", ["--no-tag-display-limit", package], environment: ["PATH": path], timeout: 300)
    let errors = lintian.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") }
    #expect(errors.isEmpty, "lintian:\n\(lintian.stdout)\(lintian.stderr)")

    let root = try TestPaths.temporaryFolder("rolesh-deb-root")
    for folder in ["info", "updates", "triggers"] {
        try FileManager.default.createDirectory(atPath: "\(root)/var/lib/dpkg/\(folder)", withIntermediateDirectories: true)
    }
    FileManager.default.createFile(atPath: "\(root)/var/lib/dpkg/status", contents: Data())
    // The throwaway database knows none of the host's packages: their check is the --simulate above.
    let installed = try runProcess("dpkg", ["--root=\(root)", "--force-depends", "-i", package], environment: ["PATH": path])
    #expect(installed.status == 0, "\(installed.stderr)")
    let binary = "\(root)/usr/bin/rolesh"
    #expect(try runProcess(binary, ["--version"]).stdout == "\(version)\n")

    let home = try TestPaths.temporaryFolder("rolesh-deb-home")
    try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
    try "[profile dev]\nrole_arn = arn:aws:iam::111111111111:role/Dev\nsource_profile = base\n[profile base]\n"
        .write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
    try "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret\n"
        .write(toFile: "\(home)/.aws/credentials", atomically: true, encoding: .utf8)
    let listed = try runProcess(binary, ["list", "--names"], environment: ["HOME": home, "PATH": path])
    #expect(listed.stdout == "base\ndev\n", "\(listed.stderr)")
    // The installed integration loads in a real bash and defines the function and the prompt helper.
    let sourced = try runProcess(
        "/usr/bin/bash",
        ["--norc", "--noprofile", "-c", #"eval "$("$1" init bash)" && type -t rolesh && type -t rolesh_prompt"#, "bash", binary],
        environment: ["HOME": home, "PATH": path])
    #expect(sourced.stdout == "function\nfunction\n", "\(sourced.stderr)")
}
