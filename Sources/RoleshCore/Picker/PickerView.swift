// What the profile picker looks like for a given state and terminal size, as plain lines.
// Pure, so the drawing is tested without a terminal.

/// Lays out a `PickerState` as a prompt line followed by a window of rows.
struct PickerView: Sendable {
    /// Columns the terminal has; longer lines are cut.
    var width: Int
    /// Rows the list may take below the prompt.
    var listRows: Int

    static let prompt = "assume> "
    /// Rows the list takes at most, so a long config does not push the screen away.
    static let maximumRows = 12

    init(width: Int, listRows: Int) {
        self.width = max(width, 1)
        self.listRows = max(listRows, 1)
    }

    /// The prompt with the filter and a match count (or the state's notice), then one row
    /// per visible match: the highlighted one marked ">", the shell's active role "*".
    /// The list keeps one height for the whole session, blank
    /// rows filling in when few entries match, so redrawing never leaves a stale row behind.
    /// `top` is the index in `state.matches` of the first row shown (see `top(for:after:)`).
    func lines(for state: PickerState, top: Int) -> [String] {
        let rows = min(listRows, state.entries.count)
        let count = "  \(state.matches.count)/\(state.entries.count)" + (state.notice.map { "  \($0)" } ?? "")
        var lines = [cut(Self.prompt + printable(state.filter) + count)]
        let names = state.entries.map { printable($0.name).count }.max() ?? 0
        let identities = state.entries.map { printable($0.identity).count }.max() ?? 0
        for index in top..<(top + rows) {
            guard state.matches.indices.contains(index) else {
                lines.append("")
                continue
            }
            let entry = state.matches[index]
            let row = (index == state.selection ? ">" : " ") + (entry.isActive ? "* " : "  ")
                + padded(printable(entry.name), to: names) + "  "
                + padded(printable(entry.identity), to: identities) + "  "
                + printable(entry.region ?? "-")
            lines.append(cut(row.trimmingTrailingSpaces))
        }
        return lines
    }

    /// The first match to show after a key moved the selection, when `previousTop` was shown
    /// before: the window scrolls only as far as it must to keep the selection in sight.
    func top(for state: PickerState, after previousTop: Int) -> Int {
        if state.selection < previousTop { return state.selection }
        if state.selection >= previousTop + listRows { return state.selection - listRows + 1 }
        return previousTop
    }

    /// The column the cursor belongs in: after the filter on the prompt line.
    func cursorColumn(for state: PickerState) -> Int {
        min(Self.prompt.count + printable(state.filter).count, width - 1)
    }

    private func cut(_ line: String) -> String {
        line.count <= width ? line : String(line.prefix(width))
    }

    private func padded(_ text: String, to length: Int) -> String {
        text + String(repeating: " ", count: max(length - text.count, 0))
    }

    /// `text` with control characters shown as escapes: a name from a config file must not
    /// be able to send escape sequences to the terminal.
    private func printable(_ text: String) -> String {
        text.escapingControlCharacters
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
