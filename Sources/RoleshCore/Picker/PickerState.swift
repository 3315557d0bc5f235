// What the profile picker holds between key presses: the entries, the filter typed so far,
// which matches it leaves, in which order, and which one is highlighted. Pure; the terminal
// and the history of past switches live elsewhere.

/// One profile the picker offers.
struct PickerEntry: Equatable, Sendable {
    var name: String
    /// The role ARN, or where the credentials come from without one ("static keys",
    /// "credential_process"), as `rolesh list` shows it.
    var identity: String
    var region: String?
    /// The role this shell has now (ROLESH_ROLE), marked in the list.
    var isActive: Bool
    /// How often and how recently the profile was assumed (`PickHistory`); higher first
    /// among entries that match the filter equally well.
    var frecency: Double

    init(name: String, identity: String, region: String?, isActive: Bool = false, frecency: Double = 0) {
        self.name = name
        self.identity = identity
        self.region = region
        self.isActive = isActive
        self.frecency = frecency
    }
}

/// How a picker session ended.
enum PickerOutcome: Equatable, Sendable {
    case picked(String)
    case cancelled
}

/// The picker's state, moved on by one key at a time.
struct PickerState: Equatable, Sendable {
    let entries: [PickerEntry]
    private(set) var filter = ""
    /// The entries the filter leaves, in their order.
    private(set) var matches: [PickerEntry]
    /// The index in `matches` of the highlighted entry (0 when there are none).
    private(set) var selection = 0
    /// A word for the user about the last key (Enter with nothing to pick: "no match");
    /// the next key clears it.
    private(set) var notice: String?

    init(entries: [PickerEntry]) {
        self.entries = entries
        matches = PickerMatch.ranked(entries, filter: "")
    }

    /// The highlighted entry, nil when the filter leaves none.
    var selected: PickerEntry? {
        matches.indices.contains(selection) ? matches[selection] : nil
    }

    /// Applies `key`; returns the outcome once the user has picked or cancelled.
    /// Enter with nothing left to pick does nothing, so a typo is fixed with Backspace.
    mutating func handle(_ key: PickerKey) -> PickerOutcome? {
        notice = nil
        switch key {
        case .text(let text):
            setFilter(filter + text)
        case .backspace:
            if !filter.isEmpty { setFilter(String(filter.dropLast())) }
        case .clearFilter:
            setFilter("")
        case .deleteWord:
            setFilter(Self.droppingLastWord(filter))
        case .up:
            selection = max(selection - 1, 0)
        case .down:
            selection = min(selection + 1, max(matches.count - 1, 0))
        case .enter:
            guard let selected else {
                notice = "no match"
                return nil
            }
            return .picked(selected.name)
        case .cancel:
            return .cancelled
        }
        return nil
    }

    /// A new filter starts the selection over at the first match.
    private mutating func setFilter(_ text: String) {
        filter = text
        matches = PickerMatch.ranked(entries, filter: text)
        selection = 0
    }

    /// Ctrl-W: the separators at the end, then the word before them, go (a word of a profile
    /// name ends at a space or one of `-_./:@`, so `prod-eu` loses `eu`, then `prod-`).
    static func droppingLastWord(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, PickerMatch.isSeparator(last) { scalars.removeLast() }
        while let last = scalars.last, !PickerMatch.isSeparator(last) { scalars.removeLast() }
        return String(scalars)
    }
}
