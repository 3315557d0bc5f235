// This process's environment as a dictionary, read from `environ` directly.
// ProcessInfo.processInfo.environment resolved generic types by their mangled names at run
// time, at every start: a tenth of a cached `assume` (Benchmarks/ANALYSIS.md, fix 9).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package enum ProcessEnvironment {
    /// Every `NAME=value` of `environ`; the first of two entries with one name wins, as
    /// getenv(3) reads it. Bytes that are not UTF-8 are repaired, as ProcessInfo does.
    package static func current() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")), equals != text.startIndex {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }
}
