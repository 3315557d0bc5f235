/// rolesh's version, printed by `rolesh --version`.
public enum RoleshVersion {
    public static let current = "0.1.0"
}
