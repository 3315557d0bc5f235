/// POSIX sh (dash and friends), for plain `eval "$(rolesh assume prod)"` in other shells.
public struct POSIXDialect: POSIXFamilyDialect {
    public init() {}

    public var name: String { "sh" }
    public var aliases: [String] { ["dash"] }
}
