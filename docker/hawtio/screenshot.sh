#!/usr/bin/env bash
# Opens Hawtio (./mvnw -Phawtio) in headless Chromium, clicks through to the service's Camel routes and saves
#   routes.png            routes tree + Routes table (state, uptime, completed/failed/total exchanges)
#   route-attributes.png  one route's Attributes (its MBean's statistics)
#   route-diagram.png     the same route's Route Diagram (its nodes, with exchange counts)
# It fails with a message (and failed-<step>.png) when an expected element does not appear. Needs the service and
# Hawtio running:   java -jar target/datastream.jar --demo      and      ./mvnw -Phawtio
# plus Node 18+ and Debian's chromium (apt-get install chromium); the browser automation is playwright-core (pinned in
# package-lock.json, installed into docker/hawtio/node_modules on first use; it downloads no browser).
# Usage: docker/hawtio/screenshot.sh [output-dir]     (default target/hawtio-screenshots)
# Environment: HAWTIO_URL (http://localhost:8090), ROUTE (binance-spot), CHROMIUM (/usr/bin/chromium),
#              HAWTIO_TIMEOUT_MS (30000, per step)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-target/hawtio-screenshots}"
export CHROMIUM="${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"

command -v node >/dev/null || { echo "screenshot.sh: needs Node.js 18+ (node not found)" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "screenshot.sh: no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)" >&2; exit 1; }
if [ ! -f "$HERE/node_modules/playwright-core/package.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
exec node "$HERE/screenshot.mjs" "$OUT"
