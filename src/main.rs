//! The one binary: hands over to the library's [`birqadam::main`].

use std::process::ExitCode;

fn main() -> ExitCode {
    birqadam::main()
}
