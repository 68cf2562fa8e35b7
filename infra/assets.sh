#!/usr/bin/env bash
# The console's assets from npm (functions/console/assets.py lists them): install the npm
# packages when they are missing (only the runtime ones: `npm ci --omit=dev`), then copy the
# files the pages use into functions/console/static/vendor/. Without node or npm it warns and
# succeeds: the pages render without their styles and chart, and the tests that need them skip.
#
#   bash infra/assets.sh        (make assets; make run, make test and infra/package.sh run it)
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${KINERJA_PYTHON:-$PWD/.venv/bin/python}
[[ -x $PY ]] || PY=python3

# the console's English catalogue (functions/console/i18n.py); the .po is the source
"$PY" -m babel.messages.frontend compile --statistics -d functions/console/translations \
  || echo "assets.sh: the console's translations did not compile; pages stay in Indonesian" >&2

if ! "$PY" -m functions.console.assets >/dev/null 2>&1; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --omit=dev --no-audit --no-fund || echo "assets.sh: npm ci failed" >&2
  else
    echo "assets.sh: no npm here; the console renders without its styles and chart" >&2
  fi
fi
"$PY" -m functions.console.assets || {
  echo "assets.sh: the console's assets are missing; pages render without them" >&2
  exit 0
}
