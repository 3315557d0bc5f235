import FoundationEssentials

extension Error {
    /// The one line a person reads: a LocalizedError's description, else the error itself.
    public var message: String {
        (self as? LocalizedError)?.errorDescription ?? "\(self)"
    }
}
