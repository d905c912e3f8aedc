#!/usr/bin/env bash
# The dependency rule, checked on the real dependency graph (cargo tree, normal + build edges):
#   domain <- texts, projections <- commands <- {api, bot, notify} <- birqadam (the binary).
# No library crate may have an adapter in its tree, no adapter another adapter, and the pure domain
# no IO crate. Prints every violation; exits 1 when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."

members=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json,sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["packages"]))')
adapters="birqadam-api birqadam-bot birqadam-notify"
failed=0

tree_of() {
  cargo tree --locked -p "$1" -e normal,build --prefix none --format '{p}' | awk '{print $1}' | sort -u
}

forbid() { # crate, space-separated forbidden packages
  local crate=$1 deps
  shift
  case " $members " in *" $crate "*) ;; *) return 0 ;; esac
  deps=$(tree_of "$crate")
  for bad in "$@"; do
    [ "$bad" = "$crate" ] && continue
    if grep -qx "$bad" <<<"$deps"; then
      echo "layer violation: $crate depends on $bad" >&2
      failed=1
    fi
  done
}

forbid birqadam-domain $adapters birqadam-projections birqadam-commands sqlx postgres-es axum teloxide reqwest
forbid birqadam-texts $adapters birqadam-projections birqadam-commands sqlx axum
# the auditors' core verifies files offline: no database, no runtime, no network
forbid birqadam-audit $adapters birqadam-projections birqadam-commands sqlx postgres-es tokio axum reqwest
# what both Telegram adapters share is pure: no IO, no teloxide
forbid birqadam-telegram $adapters birqadam-projections birqadam-commands sqlx tokio axum reqwest teloxide
forbid birqadam-photos $adapters birqadam-projections birqadam-commands
forbid birqadam-projections $adapters birqadam-commands
forbid birqadam-commands $adapters
# the fakes of Telegram and FCM stand alone, and nothing that ships depends on them
forbid birqadam-fakes $adapters birqadam-projections birqadam-commands sqlx reqwest
for shipped in birqadam $adapters birqadam-commands birqadam-projections; do
  forbid "$shipped" birqadam-fakes
done
for adapter in $adapters; do
  forbid "$adapter" $adapters
done

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "layers: ok (no library or adapter depends on an adapter; the domain has no IO crates)"
