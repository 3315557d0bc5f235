// What the profile picker holds between key presses: the entries, the filter typed so far,
// which matches it leaves and which one is highlighted. Pure; the terminal lives elsewhere.

/// One profile the picker offers.
public struct PickerEntry: Equatable, Sendable {
    public var name: String
    /// The role ARN, or where the credentials come from without one ("static keys",
    /// "credential_process"), as `rolesh list` shows it.
    public var identity: String
    public var region: String?

    public init(name: String, identity: String, region: String?) {
        self.name = name
        self.identity = identity
        self.region = region
    }
}

/// How a picker session ended.
public enum PickerOutcome: Equatable, Sendable {
    case picked(String)
    case cancelled
}

/// The picker's state, moved on by one key at a time.
public struct PickerState: Equatable, Sendable {
    public let entries: [PickerEntry]
    public private(set) var filter = ""
    /// The entries the filter leaves, in their order.
    public private(set) var matches: [PickerEntry]
    /// The index in `matches` of the highlighted entry (0 when there are none).
    public private(set) var selection = 0

    public init(entries: [PickerEntry]) {
        self.entries = entries
        matches = entries
    }

    /// The highlighted entry, nil when the filter leaves none.
    public var selected: PickerEntry? {
        matches.indices.contains(selection) ? matches[selection] : nil
    }

    /// Applies `key`; returns the outcome once the user has picked or cancelled.
    /// Enter with nothing left to pick does nothing, so a typo is fixed with Backspace.
    public mutating func handle(_ key: PickerKey) -> PickerOutcome? {
        switch key {
        case .text(let text):
            setFilter(filter + text)
        case .backspace:
            if !filter.isEmpty { setFilter(String(filter.dropLast())) }
        case .up:
            selection = max(selection - 1, 0)
        case .down:
            selection = min(selection + 1, max(matches.count - 1, 0))
        case .enter:
            return selected.map { .picked($0.name) }
        case .cancel:
            return .cancelled
        }
        return nil
    }

    /// A new filter starts the selection over at the first match.
    private mutating func setFilter(_ text: String) {
        filter = text
        let needle = text.lowercased()
        matches = needle.isEmpty ? entries : entries.filter { entry in
            entry.name.lowercased().contains(needle) || entry.identity.lowercased().contains(needle)
        }
        selection = 0
    }
}
