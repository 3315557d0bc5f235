// Finds the sections and profiles of a config file by their names' bytes, without making a
// String of each: a 10,000-profile config has 10,000 of them, and hashing and storing them
// as Strings in Dictionaries was much of what reading such a file cost (Benchmarks/ANALYSIS.md).

/// A hash table from byte strings to integers (an index into the caller's arrays). Its
/// buffer starts as the caller's text (shared, not copied), so a name cut from that text is
/// stored as a range; other names are appended to the buffer.
struct ByteStringIndex: Sendable {
    /// 16 bytes: a config's 10,000 names fill 40 pages fewer than with Ints (what a page
    /// fault costs: Benchmarks/ANALYSIS.md, third pass). Texts are under 2 GiB.
    private struct Item: Sendable {
        private var value32, start, end: Int32
        var hash: UInt32

        init(value: Int, bytes: Range<Int>, hash: UInt32) {
            value32 = Int32(truncatingIfNeeded: value)
            start = Int32(truncatingIfNeeded: bytes.lowerBound)
            end = Int32(truncatingIfNeeded: bytes.upperBound)
            self.hash = hash
        }

        var value: Int {
            get { Int(value32) }
            set { value32 = Int32(truncatingIfNeeded: newValue) }
        }
        var bytes: Range<Int> { Int(start)..<Int(end) }
    }

    /// Open addressing: an index into `items`, or -1 for an empty slot.
    private var slots: [Int32]
    /// In insertion order.
    private var items: [Item] = []
    private var storage: [UInt8]

    /// An index of strings cut from `text` (or any others), sized for `expectedCount` of them.
    init(text: [UInt8] = [], expectedCount: Int = 8) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        items.reserveCapacity(expectedCount)
        storage = text
    }

    var count: Int { items.count }

    /// The value stored for `bytes`, or nil.
    func find(_ bytes: some Collection<UInt8>) -> Int? {
        probe(bytes).item.map { items[$0].value }
    }

    /// Stores `value` for the bytes of the text at `range`, unless they are there already:
    /// then returns the value they had, which `replacing` replaces with `value`. Nil when new.
    @discardableResult
    mutating func insert(textAt range: Range<Int>, value: Int, replacing: Bool = false) -> Int? {
        let found = probe(storage[range])
        if let item = found.item { return update(item, to: value, replacing: replacing) }
        add(Item(value: value, bytes: range, hash: found.hash), at: found.slot)
        return nil
    }

    /// `insert(textAt:value:replacing:)` for bytes that are not in the text.
    @discardableResult
    mutating func insert(_ bytes: [UInt8], value: Int, replacing: Bool = false) -> Int? {
        let found = probe(bytes)
        if let item = found.item { return update(item, to: value, replacing: replacing) }
        storage += bytes
        add(Item(value: value, bytes: (storage.count - bytes.count)..<storage.count, hash: found.hash), at: found.slot)
        return nil
    }

    /// Each stored string with its value, in the order they were first inserted.
    func forEach(_ body: (ArraySlice<UInt8>, Int) throws -> Void) rethrows {
        for item in items { try body(storage[item.bytes], item.value) }
    }

    /// The item holding `bytes`, or the empty slot where they would go; and their hash.
    private func probe(_ bytes: some Collection<UInt8>) -> (item: Int?, slot: Int, hash: UInt32) {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if items[index].hash == hash, storage[items[index].bytes].elementsEqual(bytes) { return (index, slot, hash) }
            slot = (slot + 1) & (slots.count - 1)
        }
        return (nil, slot, hash)
    }

    private mutating func update(_ index: Int, to value: Int, replacing: Bool) -> Int {
        let old = items[index].value
        if replacing { items[index].value = value }
        return old
    }

    private mutating func add(_ item: Item, at slot: Int) {
        items.append(item)
        slots[slot] = Int32(items.count - 1)
        if items.count * 2 > slots.count { grow() }
    }

    /// FNV-1a of the bytes, its high bits folded into the low ones that pick the slot.
    private static func hash(_ bytes: some Collection<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, item) in items.enumerated() {
            var slot = Int(truncatingIfNeeded: item.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
