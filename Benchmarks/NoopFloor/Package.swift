// swift-tools-version: 6.0
// The no-op floor of the benchmarks: what starting a Swift command-line tool costs on this
// machine, built like rolesh (release, static Swift stdlib and libstdc++, position-dependent,
// swift-argument-parser linked), doing nothing after parsing its arguments. Its own package,
// so rolesh's is untouched.
import PackageDescription

let package = Package(
    name: "NoopFloor",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "noop-floor",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            // Linked as rolesh is (Package.swift: position-dependent in release, libstdc++
            // static, no exported symbols).
            linkerSettings: [.unsafeFlags(["-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic",
                                           "-L", Context.packageDirectory + "/../../packaging/static-libstdc++"],
                                          .when(configuration: .release))]
        ),
    ],
    swiftLanguageModes: [.v6]
)
