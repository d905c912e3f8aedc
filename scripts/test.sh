#!/usr/bin/env bash
# Runs every check and test of the workspace against a real PostgreSQL.
# Without DATABASE_URL it installs (apt) and starts a local cluster under $DATA_DIR/pg (default .data).
# Last, scripts/fuzz-api.sh fuzzes the real server against api/openapi.json.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked --quiet --bin birqadam
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$(target/debug/birqadam local-db --fast --drop-test-databases)"
  export DATABASE_URL
fi
echo "tests use $DATABASE_URL"

cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets --quiet -- -D warnings
# The dependency rule on the real graph: no library or adapter depends on an adapter.
./scripts/check-layers.sh

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --locked --workspace --no-fail-fast
else
  cargo test --locked --workspace --no-fail-fast
fi

# The server against its own OpenAPI document (schemathesis, about a minute; docs/decisions/0014).
./scripts/fuzz-api.sh
