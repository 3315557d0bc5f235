/// POSIX sh (dash and friends), for plain `eval "$(rolesh assume prod)"` in other shells.
package struct POSIXDialect: POSIXFamilyDialect {
    package init() {}

    package var name: String { "sh" }
    package var aliases: [String] { ["dash"] }
}
