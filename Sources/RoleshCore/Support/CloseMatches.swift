// "Did you mean …?" for a mistyped profile or command name.

/// Up to three of `candidates` that a typo of `name` could have meant: the closest, when
/// they are within an edit distance of a third of its length (at least 2), by name; case is
/// ignored. Only the closest: for a short name, a distance of 2 reaches unrelated words
/// (`lst` is one edit from `list` and two from `sso`).
package func closeMatches(to name: String, among candidates: some Sequence<String>) -> [String] {
    let target = Array(name.lowercased().unicodeScalars)
    let limit = max(2, target.count / 3)
    let near = candidates
        .map { candidate in (candidate, editDistance(target, Array(candidate.lowercased().unicodeScalars))) }
        .filter { $0.1 <= limit }
    guard let best = near.map(\.1).min() else { return [] }
    return near.filter { $0.1 == best }.map(\.0).sorted().prefix(3).map { $0 }
}

/// Levenshtein distance between two scalar arrays.
private func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1]
        for (j, y) in b.enumerated() {
            current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count]
}
