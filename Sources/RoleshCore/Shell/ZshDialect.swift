/// zsh: the same statements as bash.
public struct ZshDialect: POSIXFamilyDialect {
    public init() {}

    public var name: String { "zsh" }
    public var integration: String? { IntegrationScripts.zsh }
}
