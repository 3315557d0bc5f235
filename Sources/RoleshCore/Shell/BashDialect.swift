/// bash: `export NAME='value'` and `unset -v NAME`.
package struct BashDialect: POSIXFamilyDialect {
    package init() {}

    package var name: String { "bash" }
    package var integration: String? { IntegrationScripts.bash }
}
