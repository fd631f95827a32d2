#!/usr/bin/env bash
# Rebuild static/plotly/plotly-dashboard.min.js, the browser's chart library (committed, so the dashboard
# needs no build step and no network). Run after changing the trace types in scripts/plotly_bundle/entry.js
# or the plotly.js version, which must be the one plotly.py draws for:
#   .venv/bin/python -c "import plotly.offline; print(plotly.offline.get_plotlyjs_version())"
# Needs Node.js and npm (the npm registry). The versions are pinned in scripts/plotly_bundle/package.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/plotly_bundle/package.json" "$here/plotly_bundle/entry.js" "$work/"
(cd "$work" && npm install --no-audit --no-fund --silent)
# plotly.js refers to Node's `global`; in the browser that is `window`. Its map CSS (maplibre) is not
# needed by these trace types and is dropped.
(cd "$work" && npx esbuild entry.js --bundle --minify --format=esm --define:global=window \
  --legal-comments=eof --outfile=bundle/plotly-dashboard.min.js)
mkdir -p "$root/static/plotly"
cp "$work/bundle/plotly-dashboard.min.js" "$root/static/plotly/plotly-dashboard.min.js"
cp "$work/node_modules/plotly.js/LICENSE" "$root/static/plotly/LICENSE"
echo "wrote static/plotly/plotly-dashboard.min.js ($(wc -c < "$root/static/plotly/plotly-dashboard.min.js") bytes)"
