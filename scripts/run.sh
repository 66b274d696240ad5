#!/usr/bin/env bash
# What `npm start` and `npm test` run first, so that right after `git clone` each one works alone:
# npm itself runs on the system node (maybe 20), so this wrapper puts Node 22 first on PATH
# (ensure-node.sh, which fetches it when the system one is older), installs the dependencies with
# that Node's npm when node_modules is missing or stale (deps-fresh.mjs), checks for Java (the
# emulators run on it) and then replaces itself with the command it was given, under Node 22.
# Usage (package.json): bash scripts/run.sh [--no-java] <command> [args…]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

needs_java=1
if [ "${1:-}" = "--no-java" ]; then
  needs_java=0
  shift
fi

. scripts/ensure-node.sh

if ! node scripts/deps-fresh.mjs; then
  echo "run: installing dependencies with npm ci (node $(node -v))…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# The Firestore and Pub/Sub emulators are Java programs: one line saying exactly what to install.
if [ "$needs_java" = 1 ] && [ -z "${FIRESTORE_EMULATOR_HOST:-}" ]; then
  java_major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1 || true)"
  if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
    echo "Java 17+ is required for the Cloud emulators: install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17), then run this again." >&2
    exit 1
  fi
fi

export METADATA_SERVER_DETECTION=none
exec "$@"
