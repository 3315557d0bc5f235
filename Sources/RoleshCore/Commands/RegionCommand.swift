import FoundationEssentials

/// `rolesh region REGION`: the active role's credentials in another region, pushed as a frame
/// of its own (no STS call), so that `exit` puts the previous region back. Assuming the active
/// role with another `--region` is the same.
package enum RegionCommand {
    package static func run(_ region: String, shell: String?, context: RoleshContext,
                            deliver: (String) throws -> Void) throws {
        let state = CommandState(context, shell: shell)
        let dialect = try state.dialect()
        try STSLimits.validateRegion(region)
        guard let frameID = context.environment[ManagedVariable.frame] else { throw RegionError.noActiveRole }
        try Switch.pushRegion(region, over: try state.stack(), session: try state.activeSession(frame: frameID),
                              store: state.store, dialect: dialect, context: context, deliver: deliver)
    }
}

/// Failures of `rolesh region` itself.
enum RegionError: LocalizedError, Equatable {
    case noActiveRole

    var errorDescription: String? {
        switch self {
        case .noActiveRole:
            return "no role is active: rolesh region moves the active role to another region; "
                + "assume one first (rolesh assume PROFILE --region REGION does both)"
        }
    }
}
