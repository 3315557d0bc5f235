@testable import RoleshCore
import Testing

let pickerEntries = [
    PickerEntry(name: "dev", identity: "arn:aws:iam::111111111111:role/Developer", region: "us-east-1"),
    PickerEntry(name: "dev-eu", identity: "arn:aws:iam::111111111111:role/Developer", region: "eu-west-1"),
    PickerEntry(name: "prod", identity: "arn:aws:iam::222222222222:role/Admin", region: "eu-central-1"),
    PickerEntry(name: "sandbox", identity: "static keys", region: nil),
    PickerEntry(name: "tools", identity: "credential_process", region: "us-west-2"),
]

/// Keys typed from the start, and where the picker stands after them.
private let stateCases: [(keys: [PickerKey], filter: String, matches: [String], selected: String?, outcome: PickerOutcome?)] = [
    ([], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev", nil),
    ([.enter], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev", .picked("dev")),
    ([.down, .down, .enter], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "prod", .picked("prod")),
    ([.down, .up, .up], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev", nil),
    ([.down, .down, .down, .down, .down, .down], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "tools", nil),
    ([.text("p"), .text("r"), .text("o")], "pro", ["prod", "tools"], "prod", nil),
    ([.text("P"), .text("R"), .text("O"), .text("D"), .enter], "PROD", ["prod"], "prod", .picked("prod")),
    ([.text("role/admin")], "role/admin", ["prod"], "prod", nil),
    ([.text("111111")], "111111", ["dev", "dev-eu"], "dev", nil),
    ([.text("static")], "static", ["sandbox"], "sandbox", nil),
    ([.down, .down, .text("-e")], "-e", ["dev-eu"], "dev-eu", nil),
    // `p` starts prod; dev, dev-eu (role/Developer) and tools (credential_process) only through their identity.
    ([.text("prx"), .backspace, .backspace], "p", ["prod", "dev", "dev-eu", "tools"], "prod", nil),
    // Letters in order, not together: fzf's subsequence.
    ([.text("prd")], "prd", ["prod"], "prod", nil),
    ([.text("sbx")], "sbx", ["sandbox"], "sandbox", nil),
    // A word's start: `eu` of dev-eu; letters in order across words: `dve`.
    ([.text("eu")], "eu", ["dev-eu"], "dev-eu", nil),
    ([.text("dve")], "dve", ["dev-eu"], "dev-eu", nil),
    ([.text("dev-eu"), .clearFilter], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev", nil),
    ([.text("dev-eu"), .deleteWord], "dev-", ["dev-eu"], "dev-eu", nil),
    ([.text("dev-eu"), .deleteWord, .deleteWord], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev", nil),
    ([.text("zzz"), .enter], "zzz", [], nil, nil),
    ([.text("devx"), .backspace, .down, .enter], "dev", ["dev", "dev-eu"], "dev-eu", .picked("dev-eu")),
    ([.backspace], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev", nil),
    ([.text("zzz"), .down, .enter], "zzz", [], nil, nil),
    ([.down, .cancel], "", ["dev", "dev-eu", "prod", "sandbox", "tools"], "dev-eu", .cancelled),
]

@Test(arguments: stateCases.indices)
func picker_state_filters_moves_and_ends(case index: Int) {
    let (keys, filter, matches, selected, outcome) = stateCases[index]
    var state = PickerState(entries: pickerEntries)
    var ended: PickerOutcome?
    for key in keys where ended == nil {
        ended = state.handle(key)
    }
    #expect(state.filter == filter, "\(keys)")
    #expect(state.matches.map(\.name) == matches, "\(keys)")
    #expect(state.selected?.name == selected, "\(keys)")
    #expect(ended == outcome, "\(keys)")
}

@Test func picker_ranks_prefix_then_word_start_then_subsequence_then_frecency_then_name() {
    let entries = [
        PickerEntry(name: "api-prod", identity: "x", region: nil),
        PickerEntry(name: "prod", identity: "x", region: nil),
        PickerEntry(name: "production", identity: "x", region: nil, frecency: 6),
        PickerEntry(name: "p-r-o-d", identity: "x", region: nil),
        PickerEntry(name: "superproduct", identity: "x", region: nil),
        PickerEntry(name: "old", identity: "arn:aws:iam::1:role/prod", region: nil, frecency: 100),
    ]
    var state = PickerState(entries: entries)
    #expect(state.matches.map(\.name) == ["old", "production", "api-prod", "p-r-o-d", "prod", "superproduct"],
            "no filter: most used first, then by name")
    for character in "prod" { _ = state.handle(.text(String(character))) }
    #expect(state.matches.map(\.name) == ["production", "prod", "api-prod", "p-r-o-d", "superproduct", "old"])
}
