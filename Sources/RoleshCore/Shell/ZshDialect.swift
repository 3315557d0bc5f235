/// zsh: the same statements as bash.
package struct ZshDialect: POSIXFamilyDialect {
    package init() {}

    package var name: String { "zsh" }
    package var integration: String? { IntegrationScripts.zsh }
}
