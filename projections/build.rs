//! Rebuilds the crate when a migration changes (`sqlx::migrate!` embeds them in the test helper).

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
