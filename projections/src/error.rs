//! `QueryError`: what a read can answer besides the rows.

/// Why a query gave no rows to show.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// Nothing there, or nothing this viewer may know exists.
    #[error("not found")]
    NotFound,
    /// It exists and the viewer may know it, but not read this part of it.
    #[error("not allowed")]
    Forbidden,
    /// A parameter names something outside what exists (a position past the tree, a proof
    /// between sizes the log never had).
    #[error("{field} is out of range")]
    OutOfRange {
        /// The offending parameter.
        field: &'static str,
    },
    /// The database failed.
    #[error("reading the views failed")]
    Database(#[from] sqlx::Error),
    /// The audit tables could not answer (the database, or a stored tree that does not add up).
    #[error("reading the audit log failed")]
    Audit(#[from] crate::audit_store::AuditStoreError),
}

/// Displays an error with its whole cause chain (`outer: cause: root`), for logs.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_names_every_cause() {
        let root = std::io::Error::other("disk full");
        let error = QueryError::Database(sqlx::Error::Io(root));
        let text = Chain(&error).to_string();
        assert!(text.starts_with("reading the views failed: "), "{text}");
        assert!(text.ends_with("disk full"), "{text}");
    }
}
