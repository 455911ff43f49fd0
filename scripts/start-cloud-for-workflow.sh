#!/usr/bin/env bash
# For ci.yml's self-test job: starts the local cloud in the background (it lives until the job
# ends) and writes what points the action at it to $GITHUB_OUTPUT: the inputs tenant-id,
# client-id, authority-host and graph-endpoint, and the runner variables
# ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN and NODE_EXTRA_CA_CERTS.
set -euo pipefail
cd "$(dirname "$0")/.."
log="${RUNNER_TEMP:-/tmp}/local-cloud.log"
nohup npm run --silent cloud >"$log" 2>&1 &
for _ in $(seq 1 60); do
  grep -q '^Run the bundled action' "$log" && break
  sleep 1
done
if ! grep -q '^Run the bundled action' "$log"; then
  echo "The local cloud did not start within 60 s:" >&2
  cat "$log" >&2
  exit 1
fi
out="${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
# "  tenant-id: VALUE" lines under "Action inputs:", without the github-token (the job stores nothing).
sed -n -E 's/^  (tenant-id|client-id|authority-host|graph-endpoint): (.*)$/\1=\2/p' "$log" >>"$out"
# "  NAME=VALUE" lines under "Runner environment:".
sed -n -E 's/^  (ACTIONS_ID_TOKEN_REQUEST_URL|ACTIONS_ID_TOKEN_REQUEST_TOKEN|NODE_EXTRA_CA_CERTS)=(.*)$/\1=\2/p' \
  "$log" >>"$out"
# The request token is the cloud's, made for this job, but a runner masks such values all the same.
token=$(sed -n -E 's/^  ACTIONS_ID_TOKEN_REQUEST_TOKEN=(.*)$/\1/p' "$log")
echo "::add-mask::$token"
echo "Local cloud started; its log: $log"
