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
# Issue 15's budget: the action downloads dist/ on every run of every workflow that uses it.
bytes=$(du -sb dist | cut -f1)
if [ "$bytes" -gt 2000000 ]; then
  echo "dist/ holds $bytes bytes, more than the 2,000,000 it may (README, Performance)." >&2
  exit 1
fi
echo "dist/ matches the sources ($bytes bytes, at most 2,000,000)."
