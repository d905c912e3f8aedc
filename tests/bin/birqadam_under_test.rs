//! The `birqadam` binary, built by the test build itself (same features, same artefacts), so
//! tests that need a real process to kill do not compile the workspace a second time.

fn main() -> std::process::ExitCode {
    birqadam::main()
}
