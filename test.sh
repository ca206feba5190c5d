#!/usr/bin/env bash
# Runs every test: the .NET solution (the tests start their own private PostgreSQL from the installed server
# programs) and the mobile app (Jest, including a real-backend sync test, the Android and iOS JavaScript bundles, so a
# native-only import that does not resolve fails here, then the browser test).
set -euo pipefail
cd "$(dirname "$0")"

dotnet test FitnessDriver.slnx --logger "console;verbosity=detailed"

cd mobile
npm ci --no-audit --no-fund
npm test
npm run build:native
npm run test:web
