import RoleshCore
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
    ([.text("prx"), .backspace, .backspace], "p", ["dev", "dev-eu", "prod", "tools"], "dev", nil),
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
