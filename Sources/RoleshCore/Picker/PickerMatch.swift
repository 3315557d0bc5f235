// How well a profile matches what is typed into the picker, as fzf users expect: the
// letters in order, not necessarily together (`prd` finds `prod`). Pure.

/// The picker's matching and ranking.
enum PickerMatch {
    /// How an entry matches a filter, best first.
    enum Quality: Int, Comparable {
        /// The name starts with the filter.
        case prefix
        /// A word of the name starts with the filter, or the filter is the initials of
        /// successive words (`pa` for `prod-admin`).
        case wordStart
        /// The filter's letters appear in the name in order.
        case subsequence
        /// The role ARN (or the source shown in its place) holds the filter.
        case identity

        static func < (lhs: Quality, rhs: Quality) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The entries that match `filter`, ranked: by quality of the match, then by frecency
    /// (the profiles assumed most often and most recently first), then by name. An empty
    /// filter keeps every entry, ordered by frecency and name.
    static func ranked(_ entries: [PickerEntry], filter: String) -> [PickerEntry] {
        let needle = Array(filter.lowercased().unicodeScalars)
        let scored = entries.compactMap { entry in quality(of: entry, needle: needle).map { (entry, $0) } }
        return scored.sorted { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if a.0.frecency != b.0.frecency { return a.0.frecency > b.0.frecency }
            return a.0.name.unicodeScalars.lexicographicallyPrecedes(b.0.name.unicodeScalars)
        }.map(\.0)
    }

    /// How `entry` matches the lower-cased `needle`; nil when it does not.
    static func quality(of entry: PickerEntry, needle: [Unicode.Scalar]) -> Quality? {
        let name = Array(entry.name.lowercased().unicodeScalars)
        if needle.isEmpty || name.starts(with: needle) { return .prefix }
        if wordStarts(of: name).contains(where: { name[$0...].starts(with: needle) }) || isInitials(needle, of: name) {
            return .wordStart
        }
        if isSubsequence(needle, of: name) { return .subsequence }
        let identity = Array(entry.identity.lowercased().unicodeScalars)
        if identity.count >= needle.count,
           (0...(identity.count - needle.count)).contains(where: { identity[$0...].starts(with: needle) }) {
            return .identity
        }
        return nil
    }

    /// Where a word begins: after a space or one of `-_./:@`.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || "-_./:@".unicodeScalars.contains(scalar)
    }

    private static func wordStarts(of name: [Unicode.Scalar]) -> [Int] {
        name.indices.filter { $0 == 0 ? !isSeparator(name[0]) : isSeparator(name[$0 - 1]) && !isSeparator(name[$0]) }
    }

    private static func isInitials(_ needle: [Unicode.Scalar], of name: [Unicode.Scalar]) -> Bool {
        isSubsequence(needle, of: wordStarts(of: name).map { name[$0] })
    }

    private static func isSubsequence(_ needle: [Unicode.Scalar], of haystack: [Unicode.Scalar]) -> Bool {
        var remaining = needle[...]
        for scalar in haystack where scalar == remaining.first {
            remaining.removeFirst()
            if remaining.isEmpty { return true }
        }
        return remaining.isEmpty
    }
}
