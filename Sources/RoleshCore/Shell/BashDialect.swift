/// bash: `export NAME='value'` and `unset -v NAME`.
public struct BashDialect: POSIXFamilyDialect {
    public init() {}

    public var name: String { "bash" }
    public var integration: String? { IntegrationScripts.bash }
}
