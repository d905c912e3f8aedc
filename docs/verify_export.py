#!/usr/bin/env python3
"""Check a BirQadam audit export with the Python standard library alone.

    python3 docs/verify_export.py FILE        (FILE.checkpoint must be next to it)

Recomputes the RFC 6962 Merkle root of the export's lines, checks every line's "position" is
the next number, and compares the count and the root with the checkpoint in FILE.checkpoint.
It does NOT check the checkpoint's Ed25519 signature: the standard library has no Ed25519.
Check that with `birqadam audit verify-export FILE --key VKEY` (or any C2SP signed-note
verifier) before trusting the root. Exit status 0 and "ok ..." when it matches, else 1 and
"refused: ...". See docs/auditing.md for the encoding and hashing.
"""
import base64
import hashlib
import json
import sys


def leaf_hash(line):
    return hashlib.sha256(b"\x00" + line).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def read_checkpoint(path):
    """The (size, root) of a signed checkpoint note: origin, size, base64 root, blank, signatures."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    body = text.split("\n\n", 1)[0].split("\n")
    if len(body) != 3:
        raise ValueError("the checkpoint body is not origin, size, root")
    return int(body[1]), base64.b64decode(body[2], validate=True)


def verify(path):
    size, root = read_checkpoint(path + ".checkpoint")
    peaks, count = [], 0                     # the frontier: one subtree root per set bit
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                return f"position {count}: the line does not end with a newline"
            line = raw[:-1]
            try:
                position = json.loads(line)["position"]
            except (ValueError, KeyError, TypeError):
                return f"position {count}: not a JSON event line"
            if position != count:
                return f"position {count}: the line says position {position}"
            h, n = leaf_hash(line), count
            while n & 1:                       # merge the subtrees this leaf completes
                h = node_hash(peaks.pop(), h)
                n >>= 1
            peaks.append(h)
            count += 1
    if count != size:
        return f"the file has {count} lines, the checkpoint covers {size}"
    computed = hashlib.sha256(b"").digest() if not peaks else peaks[-1]
    for p in reversed(peaks[:-1]):
        computed = node_hash(p, computed)
    if computed != root:
        return "the lines do not hash to the checkpoint's root"
    return None


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        problem = verify(sys.argv[1])
    except (OSError, ValueError) as e:
        problem = str(e)
    if problem:
        print(f"refused: {problem}")
        return 1
    size, root = read_checkpoint(sys.argv[1] + ".checkpoint")
    print(f"ok: {size} events, root {base64.b64encode(root).decode()} (signature not checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
