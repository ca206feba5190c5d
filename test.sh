#!/usr/bin/env bash
# Runs every test: the .NET solution (the tests start their own private PostgreSQL from the installed server
# programs) and the mobile app (Jest, including a real-backend sync test, the Android and iOS JavaScript bundles, so a
# native-only import that does not resolve fails here, then the browser test).
set -euo pipefail
cd "$(dirname "$0")"

# The projects' outputs interleave; when one fails, its failures and the host errors logged around them are repeated
# at the end, where a CI log's tail shows them.
output=$(mktemp)
trap 'rm -f "$output"' EXIT
if ! dotnet test FitnessDriver.slnx --logger "console;verbosity=detailed" 2>&1 | tee "$output"; then
  echo
  echo "=== Failed .NET tests ==="
  awk 'BEGIN { shown = 40 } /^  Failed [A-Za-z]/ { shown = 0 } /^  (Passed|Skipped) [A-Za-z]/ { shown = 40 } shown++ < 40' "$output"
  echo "=== Errors the in-process hosts logged ==="
  grep -A 30 ': host of .* \(Error\|Critical\) ' "$output" | grep -v '^\(  \(Passed\|Skipped\) \|\[xUnit.net [0-9:.]*\]   \)' || echo "(none)"
  exit 1
fi

cd mobile
npm ci --no-audit --no-fund
npm test
npm run build:native
npm run test:web
