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

summary="$(mktemp)"
trap 'rm -f "$summary"' EXIT
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --locked --workspace --no-fail-fast 2>&1 | tee "$summary"
else
  cargo test --locked --workspace --no-fail-fast 2>&1 | tee "$summary"
fi

# The server against its own OpenAPI document (schemathesis, about a minute; docs/decisions/0014).
./scripts/fuzz-api.sh

# The Rust suite's count again as the last line (the fuzzer's report ends the output otherwise);
# reaching this line means every step above passed (set -e, pipefail), hence 0 failed.
passed=$(grep -Eo '[0-9]+ tests run: [0-9]+ passed' "$summary" | tail -1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || true)
if [ -z "$passed" ]; then
  passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$summary" | awk '{ n += $4 } END { print n + 0 }')
fi
echo "tests: ${passed} passed, 0 failed"
