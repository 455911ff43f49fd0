#!/usr/bin/env bash
# Fails when dist/ does not match a fresh bundle of the sources (dist/ is committed).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R dist "$tmp/committed"
npm run --silent build >/dev/null
if ! diff -r -q "$tmp/committed" dist >/dev/null; then
  echo "dist/ does not match the sources. Run 'npm run build' and commit dist/." >&2
  diff -r -q "$tmp/committed" dist >&2 || true
  rm -rf dist && cp -R "$tmp/committed" dist
  exit 1
fi
echo "dist/ matches the sources."
