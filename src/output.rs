//! What the operator CLI tells its user on stdout (results, credentials, URLs) — distinct from the
//! logs, which go through tracing. Unlike `println!`, a closed stdout (`… | head`) is not a panic.

/// Writes one line to stdout for the person or script running the command.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}
