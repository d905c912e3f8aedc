//! What kind of "no" a domain error is. Every aggregate error names its kind, so adapters decide
//! by a type (an HTTP status family, a bot's reply style, "the target is missing") rather than by
//! matching code strings; the stable code still says which rule it was.

/// The kind of a refused command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// The target does not exist, or the actor may not know that it exists.
    NotFound,
    /// The actor may not do this.
    Forbidden,
    /// The input is invalid (field errors, when there are any, say which fields).
    Invalid,
    /// The command contradicts the target's current state (already done, full, closed, …).
    Conflict,
}
