// swift-tools-version: 6.0
// rolesh: switch a shell between AWS identities, with nested switches that restore exactly.
import PackageDescription

let package = Package(
    name: "rolesh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rolesh", targets: ["rolesh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libcurl is not linked: CCurl loads it with dlopen on first use (DESIGN §8),
        // and calls its variadic setopt/getinfo through typed C wrappers.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // libcrypto is not linked either: COpenSSL loads it on first use (SHA-1 of the aws
        // CLI's IAM Identity Center cache keys), through its own declarations of the two
        // functions it calls, so building needs no OpenSSL headers.
        .target(name: "COpenSSL", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // The kernel keyring's system calls (the credential cache's key), typed for Swift.
        .target(name: "CKeyring"),
        // The shell integration scripts, embedded from shell/ at build time (the plugin says why).
        .target(name: "RoleshCore", dependencies: ["CCurl", "CKeyring", "COpenSSL", "CSodium"],
                plugins: ["EmbedShellScripts"]),
        .plugin(name: "EmbedShellScripts", capability: .buildTool()),
        .executableTarget(
            name: "rolesh",
            dependencies: ["RoleshCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // A position-dependent release binary: the dynamic loader then has no ~39,000
            // relocations to apply, whose copy-on-write page faults were a third of every
            // start's (Benchmarks/ANALYSIS.md). The shared libraries, heap and stack keep
            // their random addresses. The -L folder makes the static Swift runtime's
            // libstdc++ static too (packaging/static-libstdc++/libstdc++.so says why).
            // --no-export-dynamic undoes the toolchain's -export-dynamic: the runtime's
            // start-up dladdr walked every exported symbol (Benchmarks/ANALYSIS.md, fix 16).
            linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic",
                                           "-L", Context.packageDirectory + "/packaging/static-libstdc++"],
                                          .when(configuration: .release))]
        ),
        .target(name: "RoleshTestSupport", path: "Tests/RoleshTestSupport"),
        .testTarget(name: "RoleshCoreTests", dependencies: ["RoleshCore", "RoleshTestSupport"]),
        .testTarget(name: "RoleshIntegrationTests", dependencies: ["RoleshCore", "RoleshTestSupport"]),
        // Tests the executable's own argument reading (FastPath against ArgumentParser).
        .testTarget(name: "RoleshCLITests", dependencies: ["rolesh", "RoleshCore"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/, run by scripts/fuzz). Declared only when ROLESH_FUZZ=1: they
// link only with `-sanitize=fuzzer`, which supplies libFuzzer, so a plain `swift build` or
// `swift test` must never see them.
if Context.environment["ROLESH_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzDriver", dependencies: ["RoleshCore"], path: "Fuzz/FuzzDriver"))
    for fuzzer in ["ConfigFuzzer", "STSFuzzer", "FrameFuzzer", "ShellFuzzer"] {
        package.products.append(.executable(name: fuzzer, targets: [fuzzer]))
        package.targets.append(.executableTarget(name: fuzzer, dependencies: ["RoleshCore", "FuzzDriver"],
                                                 path: "Fuzz/\(fuzzer)"))
    }
}
