// The keys of one section of an INIFile, as places in the file's bytes.

extension INIFile {
    /// A `key = value` line, stripped as configparser strips it: ranges and flags only, so
    /// that copying one costs no reference counting.
    struct RawEntry: Sendable {
        /// The key as configparser's `optionxform` leaves it (lower-cased): in `text` when it
        /// was written so, else in its `SectionKeys`' folded keys.
        var key: Range<Int>
        var keyIsFolded = false
        /// The value's first line, in `text`.
        var value: Range<Int>
        var line: Int
        var isContinued = false
    }

    /// The keys of one section as read, with lower-cased copies of the keys that needed one
    /// and the lines that continue a value.
    struct SectionKeys: Sendable {
        private(set) var entries: [RawEntry] = []
        private var folded: [UInt8] = []
        /// By index in `entries`; a blank line kept in a value is an empty range.
        private(set) var continuations: [Int: [Range<Int>]] = [:]

        mutating func add(key: Range<Int>, value: Range<Int>, line: Int, in text: ConfigBytes) {
            var entry = RawEntry(key: key, value: value, line: line)
            if text.mayHaveUppercase(key) {
                let start = folded.count
                folded += text.string(key).lowercased().utf8
                entry.key = start..<folded.count
                entry.keyIsFolded = true
            }
            entries.append(entry)
        }

        mutating func continueLast(with line: Range<Int>, after blankLines: Int) {
            entries[entries.count - 1].isContinued = true
            continuations[entries.count - 1, default: []] += Array(repeating: 0..<0, count: blankLines) + [line]
        }

        mutating func removeAll() {
            entries.removeAll(keepingCapacity: true)
            folded.removeAll(keepingCapacity: true)
            continuations.removeAll()
        }

        /// The index of the entry (before `end`) whose key is `key`, compared byte by byte:
        /// slices of the keys would cost a retain and a release each.
        func index(of key: ArraySlice<UInt8>, before end: Int? = nil, in text: ConfigBytes) -> Int? {
            for index in 0..<(end ?? entries.count) where keyCount(index) == key.count {
                let entry = entries[index]
                var offset = key.startIndex
                var same = true
                for position in entry.key {
                    if (entry.keyIsFolded ? folded[position] : text[position]) != key[offset] {
                        same = false
                        break
                    }
                    offset += 1
                }
                if same { return index }
            }
            return nil
        }

        private func keyCount(_ index: Int) -> Int { entries[index].key.count }

        /// The key of entry `index`, lower-cased.
        func key(_ index: Int, in text: ConfigBytes) -> ArraySlice<UInt8> {
            entries[index].keyIsFolded ? folded[entries[index].key] : text.slice(entries[index].key)
        }

        func keyString(_ index: Int, in text: ConfigBytes) -> String {
            String(decoding: key(index, in: text), as: UTF8.self)
        }
    }
}
