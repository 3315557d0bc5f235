/// rolesh's version, printed by `rolesh --version`.
package enum RoleshVersion {
    package static let current = "0.1.0"
}
