@testable import RoleshCore
import Testing

private func state(after keys: [PickerKey]) -> PickerState {
    var state = PickerState(entries: pickerEntries)
    for key in keys { _ = state.handle(key) }
    return state
}

/// The lines `view` shows after `keys`, its window following each key as the terminal picker's does.
private func lines(_ view: PickerView, after keys: [PickerKey]) -> [String] {
    var state = PickerState(entries: pickerEntries)
    var top = 0
    for key in keys {
        _ = state.handle(key)
        top = view.top(for: state, after: top)
    }
    return view.lines(for: state, top: top)
}

@Test func view_shows_the_prompt_then_every_entry_in_columns_with_the_selection_marked() {
    let lines = lines(PickerView(width: 200, listRows: 20), after: [.down])
    #expect(lines == [
        "assume>   5/5",
        "   dev      arn:aws:iam::111111111111:role/Developer  us-east-1",
        ">  dev-eu   arn:aws:iam::111111111111:role/Developer  eu-west-1",
        "   prod     arn:aws:iam::222222222222:role/Admin      eu-central-1",
        "   sandbox  static keys                               -",
        "   tools    credential_process                        us-west-2",
    ])
}

@Test func view_keeps_its_height_when_the_filter_leaves_fewer_rows() {
    let lines = lines(PickerView(width: 200, listRows: 20), after: [.text("pro")])
    #expect(lines == [
        "assume> pro  2/5",
        ">  prod     arn:aws:iam::222222222222:role/Admin      eu-central-1",
        "   tools    credential_process                        us-west-2",
        "", "", "",
    ])
}

/// (listRows, keys, the names shown in the window, the selected one)
private let windowCases: [(rows: Int, keys: [PickerKey], shown: [String], selected: String)] = [
    (2, [], ["dev", "dev-eu"], "dev"),
    (2, [.down], ["dev", "dev-eu"], "dev-eu"),
    (2, [.down, .down], ["dev-eu", "prod"], "prod"),
    (2, [.down, .down, .down, .down], ["sandbox", "tools"], "tools"),
    (3, [.down, .down, .down, .down, .up, .up, .up], ["dev-eu", "prod", "sandbox"], "dev-eu"),
    (1, [.down, .down], ["prod"], "prod"),
    (2, [.down, .down, .down, .text("o")], ["prod", "sandbox"], "prod"),
]

@Test(arguments: windowCases.indices)
func view_windows_the_list_to_its_rows_keeping_the_selection_in_sight(case index: Int) {
    let (rows, keys, shown, selected) = windowCases[index]
    let lines = lines(PickerView(width: 200, listRows: rows), after: keys)
    let names = lines.dropFirst().map { String($0.dropFirst(3).prefix { $0 != " " }) }
    #expect(lines.count == rows + 1)
    #expect(names == shown, "\(keys)")
    #expect(lines.dropFirst().filter { $0.hasPrefix(">") }.map { String($0.dropFirst(3).prefix { $0 != " " }) } == [selected])
}

@Test func view_cuts_lines_to_the_terminal_width_and_puts_the_cursor_after_the_filter() {
    let view = PickerView(width: 20, listRows: 10)
    let typed = state(after: [.text("de")])
    let lines = view.lines(for: typed, top: 0)
    #expect(lines.allSatisfy { $0.count <= 20 })
    #expect(lines[1] == ">  dev      arn:aws:")
    #expect(view.cursorColumn(for: typed) == "assume> de".count)
}

@Test func view_shows_control_characters_in_names_as_escapes() {
    let hostile = [PickerEntry(name: "evil\u{1B}[2J", identity: "arn:aws:iam::1:role/\u{9B}x", region: "r\u{7}")]
    let lines = PickerView(width: 200, listRows: 10).lines(for: PickerState(entries: hostile), top: 0)
    #expect(lines[1] == #">  evil\u{1B}[2J  arn:aws:iam::1:role/\u{009B}x  r\u{07}"#)
    #expect(!lines.joined().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
}

@Test func view_marks_the_active_role_and_says_no_match_after_enter_with_nothing_left() {
    var entries = pickerEntries
    entries[2].isActive = true
    var state = PickerState(entries: entries)
    let view = PickerView(width: 200, listRows: 5)
    #expect(view.lines(for: state, top: 0)[3] == " * prod     arn:aws:iam::222222222222:role/Admin      eu-central-1")
    for key: PickerKey in [.text("zzz"), .enter] { #expect(state.handle(key) == nil) }
    #expect(view.lines(for: state, top: 0)[0] == "assume> zzz  0/5  no match")
    _ = state.handle(.backspace)
    #expect(view.lines(for: state, top: 0)[0] == "assume> zz  0/5", "the next key clears the notice")
}
