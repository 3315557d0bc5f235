// The one line a switch says on stderr about where the shell now stands (assume, region,
// exit, a renewal in place), and what status calls the bottom of the stack. Shared by the
// commands, so that each says it the same way; ROLESH_QUIET=1 silences all of them.

import FoundationEssentials

enum SwitchLines {
    /// `rolesh: prod (222222222222, us-west-2) for 1h00m` on stderr, where the shell now
    /// stands, unless quiet. The account is the role ARN's; an identity with no ARN (a session
    /// token of static keys, a credential process) says "no role ARN". Without a region of its
    /// own the identity keeps the shell's, or "no region".
    static func confirm(_ identity: ActiveIdentity, over environment: [String: String], context: RoleshContext) {
        guard !context.isQuiet else { return }
        context.standardError(arrived(at: identity, over: environment, now: context.now()))
    }

    static func arrived(at identity: ActiveIdentity, over environment: [String: String], now: Date) -> String {
        let region = identity.region ?? environment[ManagedVariable.region] ?? environment[ManagedVariable.defaultRegion]
        let left = identity.credentials.expiration.map { Int($0.timeIntervalSince(now)) }
        return "rolesh: " + place(identity.role, roleARN: identity.roleARN, region: region, secondsLeft: left) + "\n"
    }

    /// `rolesh: back to ROLE (ACCOUNT, REGION) for TIME` for the role `saved` holds, else
    /// `rolesh: back to BASE` with status's name for the base.
    static func back(to saved: [String: String?], now: Date) -> String {
        func value(_ name: String) -> String? { saved[name] ?? nil }
        guard let role = value(ManagedVariable.role) else {
            return "rolesh: back to \(baseLabel(saved: saved))\n"
        }
        let left = value(ManagedVariable.expires).flatMap { Int($0) }.map { $0 - Int(now.timeIntervalSince1970) }
        return "rolesh: back to " + place(role, roleARN: value(ManagedVariable.roleARN) ?? "",
                                          region: value(ManagedVariable.region) ?? value(ManagedVariable.defaultRegion),
                                          secondsLeft: left) + "\n"
    }

    /// `ROLE (ACCOUNT, REGION) for TIME`: where a switch or an exit stands.
    private static func place(_ role: String, roleARN: String, region: String?, secondsLeft: Int?) -> String {
        let account = accountID(of: roleARN) ?? "no role ARN"
        let time = secondsLeft.map { "for " + durationText(max(0, $0)) } ?? "with no expiry"
        return "\(role) (\(account), \(region ?? "no region")) \(time)"
    }

    /// What the bottom frame saved, as a person would name it: env keys win over a profile,
    /// as they do for botocore.
    static func baseLabel(saved: [String: String?]) -> String {
        if (saved[ManagedVariable.accessKeyID] ?? nil) != nil { return "keys from the environment" }
        for name in [ManagedVariable.defaultProfile, ManagedVariable.profile] {
            if let profile = saved[name] ?? nil { return "\(name)=\(profile)" }
        }
        return "no credentials"
    }

    /// The account field of an ARN (`arn:aws:iam::222222222222:role/prod`), when it has one.
    static func accountID(of arn: String) -> String? {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", !fields[4].isEmpty else { return nil }
        return String(fields[4])
    }
}

extension RoleshContext {
    /// `ROLESH_QUIET` set to anything but empty or `0`: switches say nothing on stderr.
    var isQuiet: Bool {
        environment["ROLESH_QUIET"].map { !$0.isEmpty && $0 != "0" } ?? false
    }
}
