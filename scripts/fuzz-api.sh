#!/usr/bin/env bash
# Fuzzes the real server against its own OpenAPI document with schemathesis (docs/decisions/0014).
#
# Starts `target/debug/birqadam serve` on a fresh database (created next to DATABASE_URL's and
# dropped afterwards) with rate limits off and a temporary DATA_DIR, signs in as a new admin, and
# runs schemathesis deterministically (a fixed example count, no randomness) with the checks
# not_a_server_error, status_code_conformance, content_type_conformance and
# response_schema_conformance. Any failure fails the script. Needs DATABASE_URL (scripts/test.sh
# exports it); builds the binary first.
#
# schemathesis lives in a virtualenv under .data/fuzz-venv (installed with pip on first use, from
# scripts/fuzz-api.requirements.txt). Knob: FUZZ_EXAMPLES (examples per operation).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL whose role may CREATE DATABASE}"
BIN=target/debug/birqadam
REQUIREMENTS=scripts/fuzz-api.requirements.txt
VENV=.data/fuzz-venv
EXAMPLES="${FUZZ_EXAMPLES:-30}"
HARD_LIMIT_SECS=300 # a hung run fails instead of blocking CI; a normal run takes about a minute

say() { echo "fuzz-api: $*" >&2; }
as_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  as_root && command -v apt-get >/dev/null || {
    say "missing $*; install it (apt-get install $*)"
    exit 1
  }
  say "installing $* with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

cargo build --locked --quiet --bin birqadam # the document is compiled in: never fuzz a stale one

# --- schemathesis in a virtualenv --------------------------------------------------------------
if ! cmp -s "$REQUIREMENTS" "$VENV/requirements.txt" || ! "$VENV/bin/schemathesis" --version >/dev/null 2>&1; then
  command -v python3 >/dev/null || apt_install python3 python3-venv
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  say "installing schemathesis into $VENV"
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$VENV/requirements.txt" # last: marks a complete install
fi
PY="$VENV/bin/python"

# --- a fresh database next to DATABASE_URL's ---------------------------------------------------
PSQL="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -n 1 || true)"
if [ -z "$PSQL" ]; then
  apt_install postgresql-client
  PSQL="$(command -v psql)"
fi
ADMIN_URL="$DATABASE_URL"
base="${ADMIN_URL%%\?*}"
query="${ADMIN_URL#"$base"}"
rest="${base#*://}"
server="$base"
[ "$rest" = "${rest#*/}" ] || server="${base%/*}"
DB="fuzz_$(date +%s)_$$"
FUZZ_URL="$server/$DB$query"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  status=$?
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true # SIGTERM: graceful shutdown, bounded to 10 s
    for _ in $(seq 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  "$PSQL" -q -X "$ADMIN_URL" -c "drop database if exists \"$DB\" with (force)" >/dev/null 2>&1 ||
    say "could not drop database $DB"
  if [ "$status" != 0 ] && [ -f "$WORK/server.log" ]; then
    say "server log (last 40 lines):"
    tail -n 40 "$WORK/server.log" >&2
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$PSQL" -q -X -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "create database \"$DB\"" >/dev/null

# --- the real server ---------------------------------------------------------------------------
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE_URL="http://127.0.0.1:$PORT"
export DATABASE_URL="$FUZZ_URL" DATA_DIR="$WORK/data" RATE_LIMITS=off
export ARGON2_MEMORY_KIB=1024 ARGON2_ITERATIONS=1 RUST_LOG="${RUST_LOG:-warn}"
unset TELEGRAM_BOT_TOKEN FCM_SERVICE_ACCOUNT_FILE SENTRY_DSN PHOTO_S3_BUCKET PHOTO_S3_ENDPOINT
HTTP_ADDR="127.0.0.1:$PORT" "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

EMAIL="fuzz-admin@birqadam.test"
PASSWORD="fuzz-$(date +%s)-$$-password"
# `sign_in ready` waits for /health/ready; `sign_in login` logs in (retrying while the accounts
# view catches up) and prints the access token.
sign_in() {
  "$PY" - "$1" "$BASE_URL" "$EMAIL" "$PASSWORD" "$SERVER_PID" <<'PYEOF'
import json, os, sys, time, urllib.error, urllib.request

want, base, email, password, pid = sys.argv[1:5] + [int(sys.argv[5])]
deadline = time.monotonic() + 90

def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

def call(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return None, b""

while time.monotonic() < deadline and alive():
    if want == "ready":
        status, _ = call("/health/ready")
        if status == 200:
            sys.exit(0)
    else:
        status, body = call("/api/v1/auth/login", {"login": email, "password": password})
        if status == 200:
            print(json.loads(body)["tokens"]["access_token"])
            sys.exit(0)
    time.sleep(0.5)
sys.exit(f"fuzz-api: the server at {base} did not answer {want!r} in time")
PYEOF
}
sign_in ready
DATABASE_URL="$FUZZ_URL" "$BIN" admin create --email "$EMAIL" --password "$PASSWORD" --name "Fuzz Admin" >/dev/null
TOKEN="$(sign_in login)"

# --- schemathesis ------------------------------------------------------------------------------
# NUL characters are generated too: query strings, paths and JSON bodies refuse them (AppQuery,
# AppPath, AppJson answer 400/404, with unit tests) before PostgreSQL, which cannot store them, sees them.
# Our own config file: no crash cache in the checkout (a run must not depend on the previous one),
# and no schemathesis.toml picked up from the working directory or its parents.
printf '[cache]\nenabled = false\n' >"$WORK/schemathesis.toml"
say "fuzzing $BASE_URL ($EXAMPLES examples per operation, deterministic)"
timeout "$HARD_LIMIT_SECS" "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" \
  run "$BASE_URL/api/v1/openapi.json" \
  --url "$BASE_URL" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --header "Authorization: Bearer $TOKEN" \
  --max-examples "$EXAMPLES" \
  --generation-deterministic \
  --workers 1 \
  --request-timeout 20 \
  --no-color
