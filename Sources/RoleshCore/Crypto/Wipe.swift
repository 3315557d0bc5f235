// Zeroing the buffers that held a secret in plain text (a frame's or a cache entry's JSON)
// once they are no longer needed, so that freed memory does not keep it. sodium_memzero,
// unlike a loop or memset, is not removed by the optimiser as a dead store.
//
// It wipes the buffer the value owns only when that buffer is not shared: a copy made
// earlier keeps its own bytes (see the note in SymmetricKey.swift on what wiping can reach).

import CSodium
import FoundationEssentials

extension Array where Element == UInt8 {
    /// Overwrites every byte with zero, in place; the count stays.
    mutating func wipe() {
        withUnsafeMutableBytes { zero($0) }
    }
}

extension Data {
    /// Overwrites every byte with zero, in place; the count stays.
    mutating func wipe() {
        withUnsafeMutableBytes { zero($0) }
    }
}

private func zero(_ buffer: UnsafeMutableRawBufferPointer) {
    if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
}
