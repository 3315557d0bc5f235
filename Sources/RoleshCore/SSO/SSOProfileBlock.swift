// The block of the config file that `rolesh sso populate` owns: one `[profile NAME]` per
// account and role an sso-session can reach, between two marker comments that name the
// session. Everything here is a pure function of the file's bytes and the assignments, so
// that what is written, kept, pruned or refused is tested without a file or a network.
// Bytes outside the block are copied through untouched: the block is cut out and put back
// at the same offset, or appended at the end the first time.

import FoundationEssentials

/// One account and role the signed-in user can use.
package struct SSORoleAssignment: Equatable, Hashable, Sendable {
    var accountID: String
    var accountName: String
    var email: String?
    var roleName: String

    init(accountID: String, accountName: String, email: String? = nil, roleName: String) {
        self.accountID = accountID
        self.accountName = accountName
        self.email = email
        self.roleName = roleName
    }

    /// The order `sso roles` prints and `sso populate` writes: by account name, then id, then role.
    static func displayOrder(_ lhs: SSORoleAssignment, _ rhs: SSORoleAssignment) -> Bool {
        (lhs.accountName, lhs.accountID, lhs.roleName) < (rhs.accountName, rhs.accountID, rhs.roleName)
    }
}

/// A profile inside the block: its name, what it points at, and its lines as they stand.
struct SSOBlockProfile: Equatable, Sendable {
    var name: String
    var accountID: String
    var roleName: String
    /// The section's lines, header first, each ending in a newline.
    var text: String
}

/// What `sso populate` would do to the config file.
struct SSOPopulatePlan: Equatable, Sendable {
    /// The whole file after the change.
    var bytes: [UInt8]
    var added: [SSOBlockProfile] = []
    /// Profiles whose lines change (a new name, region or session); old and new.
    var changed: [(old: SSOBlockProfile, new: SSOBlockProfile)] = []
    /// Profiles the block had for roles no longer assigned, removed by `--prune`.
    var removed: [SSOBlockProfile] = []
    /// Profiles the block keeps for roles no longer assigned (no `--prune`).
    var stale: [SSOBlockProfile] = []
    var unchanged = 0

    /// Whether the file's bytes change.
    var changesFile = false

    static func == (lhs: SSOPopulatePlan, rhs: SSOPopulatePlan) -> Bool {
        lhs.bytes == rhs.bytes && lhs.added == rhs.added && lhs.removed == rhs.removed && lhs.stale == rhs.stale
            && lhs.unchanged == rhs.unchanged && lhs.changed.map(\.old) == rhs.changed.map(\.old)
            && lhs.changed.map(\.new) == rhs.changed.map(\.new)
    }
}

/// Why `sso populate` refuses to write.
package enum SSOPopulateError: Error, Equatable, Sendable, LocalizedError {
    /// A profile the block would define is already defined outside it, at `line`.
    case clash(profile: String, file: String, line: Int, others: Int)
    /// One marker without the other, or a marker twice: the block's extent is unknown.
    case damagedBlock(file: String, line: Int, reason: String)
    /// `--prefix` or `--region` holds a character a profile name or value cannot.
    case badOption(name: String, value: String, allowed: String)
    /// The config file cannot be written as it stands.
    case badConfigFile(path: String, reason: String)

    package var errorDescription: String? {
        switch self {
        case .clash(let profile, let file, let line, let others):
            let more = others == 0 ? "" : " (and \(others) more)"
            return "profile \"\(profile.escapingControlCharacters)\"\(more) is already defined at \(file.escapingControlCharacters):\(line), "
                + "outside rolesh's block; a second [profile] of the same name breaks the aws CLI: rename that profile or pass another --prefix"
        case .damagedBlock(let file, let line, let reason):
            return "\(file.escapingControlCharacters):\(line): \(reason); restore or delete both rolesh marker lines, then run `rolesh sso populate` again"
        case .badOption(let name, let value, let allowed):
            return "\(name) \"\(value.escapingControlCharacters)\" is not allowed: use only \(allowed)"
        case .badConfigFile(let path, let reason):
            return "cannot write profiles into \(path.escapingControlCharacters): \(reason); point AWS_CONFIG_FILE at the file to use"
        }
    }
}

/// The block writer: markers, names, and the plan for one session.
enum SSOProfileBlock {
    /// The marker lines of `session`'s block.
    static func beginMarker(session: String) -> String {
        "# BEGIN rolesh sso populate: sso-session \(session) (written by rolesh; edits between these markers are replaced)"
    }

    static func endMarker(session: String) -> String {
        "# END rolesh sso populate: sso-session \(session)"
    }

    /// The characters a generated name keeps; any other becomes `-`. botocore reads a
    /// `[profile NAME]` header with `shlex.split` and keeps the section only when that gives
    /// exactly two words (`configloader._parse_section`), so blanks, quotes and backslashes
    /// would drop or change the name; `[`, `]`, `#` and `;` confuse INI readers; anything
    /// beyond ASCII makes names people cannot type. IAM's own role-name characters
    /// `+=,.@_-` survive except `=` and `,`, which some INI readers take for delimiters.
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "+", "@": true
        default: false
        }
    }

    /// `text` with every character outside `isNameCharacter` turned into `-`, runs of `-`
    /// made one, and `-` trimmed from both ends.
    static func sanitized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let kept = isNameCharacter(scalar) ? scalar : "-"
            if kept == "-" && (result.last == "-" || result.isEmpty) { continue }
            result.append(kept)
        }
        while result.last == "-" { result.removeLast() }
        return String(result)
    }

    /// Checks `--prefix`: name characters and `/`, which it may use as a separator.
    static func checkPrefix(_ prefix: String) throws(SSOPopulateError) {
        guard prefix.unicodeScalars.allSatisfy({ isNameCharacter($0) || $0 == "/" }) else {
            throw .badOption(name: "--prefix", value: prefix, allowed: "letters, digits and - _ . + @ /")
        }
    }

    /// Checks `--region`: lower-case letters, digits and `-`, as every AWS region is named.
    static func checkRegion(_ region: String) throws(SSOPopulateError) {
        guard !region.isEmpty, region.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw .badOption(name: "--region", value: region, allowed: "lower-case letters, digits and - (e.g. eu-west-1)")
        }
    }

    /// The profile names of `assignments`: `PREFIX` + account name + `/` + role name, each
    /// part sanitised. Accounts whose names come out the same get their id appended, so
    /// every name is unique; an account name with nothing left is its id.
    static func names(for assignments: [SSORoleAssignment], prefix: String) -> [SSORoleAssignment: String] {
        func accountPart(_ assignment: SSORoleAssignment) -> String {
            let name = sanitized(assignment.accountName)
            return name.isEmpty ? assignment.accountID : name
        }
        var accountsByPart: [String: Set<String>] = [:]
        for assignment in assignments { accountsByPart[accountPart(assignment), default: []].insert(assignment.accountID) }
        var names: [SSORoleAssignment: String] = [:]
        for assignment in assignments {
            var account = accountPart(assignment)
            if accountsByPart[account, default: []].count > 1 { account += "-" + assignment.accountID }
            let role = sanitized(assignment.roleName)
            names[assignment] = prefix + account + "/" + (role.isEmpty ? "role" : role)
        }
        return names
    }

    /// The lines of one generated profile.
    static func profileText(name: String, session: String, accountID: String, roleName: String, region: String?) -> String {
        var text = "[profile \(name)]\nsso_session = \(session)\nsso_account_id = \(accountID)\nsso_role_name = \(roleName)\n"
        if let region { text += "region = \(region)\n" }
        return text
    }

    /// The plan for writing `assignments` of `session` into the config file `bytes`.
    /// `profilesOutside` reads the file's bytes outside the block and returns the profiles
    /// they define, each with the line of its header, for the clash check; `file` names the
    /// file in errors.
    static func plan(file: String, bytes: [UInt8], session: String, assignments: [SSORoleAssignment], prefix: String,
                     region: String?, prune: Bool,
                     profilesOutside: (_ outside: [UInt8]) throws -> [String: Int]) throws -> SSOPopulatePlan {
        let existing = try locate(session: session, in: bytes, file: file)
        let previous = existing.map { parseProfiles(String(decoding: bytes[$0.inside], as: UTF8.self)) } ?? []
        let outside = existing.map { Array(bytes[..<$0.whole.lowerBound] + bytes[$0.whole.upperBound...]) } ?? bytes

        let sorted = Set(assignments).sorted(by: SSORoleAssignment.displayOrder)
        let names = names(for: sorted, prefix: prefix)
        var plan = SSOPopulatePlan(bytes: [])
        var written: [SSOBlockProfile] = []
        var previousByRole: [String: SSOBlockProfile] = [:]
        for profile in previous { previousByRole[profile.accountID + "/" + profile.roleName] = profile }
        let assigned = Set(sorted.map { $0.accountID + "/" + $0.roleName })
        for assignment in sorted {
            let name = names[assignment]!
            let profile = SSOBlockProfile(name: name, accountID: assignment.accountID, roleName: assignment.roleName,
                                          text: profileText(name: name, session: session, accountID: assignment.accountID,
                                                            roleName: assignment.roleName, region: region))
            if let old = previousByRole.removeValue(forKey: assignment.accountID + "/" + assignment.roleName) {
                if old.text == profile.text { plan.unchanged += 1 } else { plan.changed.append((old, profile)) }
            } else {
                plan.added.append(profile)
            }
            written.append(profile)
        }
        // What the block had for roles no longer assigned, in the block's order. A kept one
        // whose name a current role now takes goes: two sections of one name break the file.
        let takenNames = Set(written.map(\.name))
        for old in previous where !assigned.contains(old.accountID + "/" + old.roleName) {
            if prune || takenNames.contains(old.name) {
                plan.removed.append(old)
            } else {
                plan.stale.append(old)
                written.append(old)
            }
        }

        // Lines after the block moved up when it was cut out; put them back where they are.
        let blockStart = existing.map { lineNumber(at: $0.whole.lowerBound, in: bytes) } ?? Int.max
        let blockLines = existing.map { lineNumber(at: $0.whole.upperBound, in: bytes) - lineNumber(at: $0.whole.lowerBound, in: bytes) } ?? 0
        let definedOutside = try profilesOutside(outside).mapValues { $0 >= blockStart ? $0 + blockLines : $0 }
        let clashes = written.compactMap { profile in definedOutside[profile.name].map { (profile.name, $0) } }
            .sorted { $0.1 < $1.1 }
        if let first = clashes.first {
            throw SSOPopulateError.clash(profile: first.0, file: file, line: first.1, others: clashes.count - 1)
        }

        let block = blockText(session: session, profiles: written)
        if let existing {
            plan.bytes = Array(bytes[..<existing.whole.lowerBound]) + Array(block.utf8) + Array(bytes[existing.whole.upperBound...])
        } else if written.isEmpty {
            plan.bytes = bytes
        } else {
            // Appended after a blank line; a last line without its newline gets one first.
            let newlines = bytes.reversed().prefix { $0 == UInt8(ascii: "\n") }.count
            let separator = bytes.isEmpty ? "" : String(repeating: "\n", count: max(0, 2 - newlines))
            plan.bytes = bytes + Array((separator + block).utf8)
        }
        plan.changesFile = plan.bytes != bytes
        return plan
    }

    /// The 1-based number of the line that starts at `offset`.
    static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// The whole block: markers around the profiles, a blank line after each profile.
    static func blockText(session: String, profiles: [SSOBlockProfile]) -> String {
        beginMarker(session: session) + "\n" + profiles.map { $0.text + "\n" }.joined() + endMarker(session: session) + "\n"
    }

    /// Where `session`'s block is: `whole` from the start of its first marker line to the
    /// end of its last (newline included), `inside` between the two marker lines.
    struct Extent {
        var whole: Range<Int>
        var inside: Range<Int>
    }

    static func locate(session: String, in bytes: [UInt8], file: String) throws(SSOPopulateError) -> Extent? {
        let begin = Array(beginMarker(session: session).utf8)
        let end = Array(endMarker(session: session).utf8)
        var beginLine: (number: Int, start: Int, next: Int)?
        var endLine: (number: Int, start: Int, next: Int)?
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            var stop = start
            while stop < bytes.count && bytes[stop] != UInt8(ascii: "\n") { stop += 1 }
            let next = min(stop + 1, bytes.count)
            var content = bytes[start..<stop]
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            if content.elementsEqual(begin) {
                if let beginLine { throw .damagedBlock(file: file, line: number, reason: "a second rolesh BEGIN marker for sso-session \(session) (the first is on line \(beginLine.number))") }
                beginLine = (number, start, next)
            } else if content.elementsEqual(end) {
                guard beginLine != nil, endLine == nil else {
                    throw .damagedBlock(file: file, line: number, reason: "a rolesh END marker for sso-session \(session) without its BEGIN marker before it")
                }
                endLine = (number, start, next)
            }
            start = next
        }
        guard let beginLine else { return nil }
        guard let endLine else {
            throw .damagedBlock(file: file, line: beginLine.number, reason: "the rolesh BEGIN marker for sso-session \(session) has no END marker after it")
        }
        // The block ends with its END line's newline; a file that ends on the marker without
        // one gets it back, since the block is written with one.
        return Extent(whole: beginLine.start..<endLine.next, inside: beginLine.next..<endLine.start)
    }

    /// The profiles between the markers: each `[profile NAME]` with its lines up to the next
    /// header, and the `sso_account_id` and `sso_role_name` it names. Blank lines between
    /// profiles are the block's own and are dropped; anything that is not a profile with
    /// both keys is dropped too (the block is rolesh's, and rewritten whole).
    static func parseProfiles(_ text: String) -> [SSOBlockProfile] {
        var profiles: [SSOBlockProfile] = []
        var current: (name: String, lines: [Substring], account: String?, role: String?)?
        func finish() {
            guard let open = current, let account = open.account, let role = open.role else { return }
            var lines = open.lines
            while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
            profiles.append(SSOBlockProfile(name: open.name, accountID: account, roleName: role,
                                            text: lines.map { $0 + "\n" }.joined()))
        }
        // An editor may have turned the file's line ends into CRLF, one Character in Swift.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.trimmingPrefix(while: \.isWhitespace)
            if trimmed.hasPrefix("[profile "), trimmed.hasSuffix("]") {
                finish()
                let name = trimmed.dropFirst("[profile ".count).dropLast().trimmingPrefix(while: \.isWhitespace)
                current = (String(name), [line], nil, nil)
            } else if current != nil {
                current!.lines.append(line)
                let parts = trimmed.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let key = parts[0].trimmingCharacters(in: " \t").lowercased()
                let value = parts[1].trimmingCharacters(in: " \t\r")
                if key == "sso_account_id" { current!.account = value }
                if key == "sso_role_name" { current!.role = value }
            }
        }
        finish()
        return profiles
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
