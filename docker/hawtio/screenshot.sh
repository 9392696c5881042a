#!/usr/bin/env bash
# Opens Hawtio (./mvnw -Phawtio) in headless Chromium, lets the start page connect it to the service's Jolokia,
# and saves a screenshot of the Camel routes tree (the route diagram is one click further: a route, then "Route Diagram"). Needs the service and Hawtio running:
#   java -jar target/datastream.jar --demo      and      ./mvnw -Phawtio
# Usage: docker/hawtio/screenshot.sh [output-dir]   (HAWTIO_URL defaults to http://localhost:8090)
set -euo pipefail
OUT="${1:-target/hawtio-screenshots}"
HAWTIO="${HAWTIO_URL:-http://localhost:8090}"
mkdir -p "$OUT"
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT

shot() { # name url
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$PROFILE" --window-size=1600,1000 \
    --virtual-time-budget=20000 --screenshot="$OUT/$1.png" "$2" 2>/dev/null
  echo "$OUT/$1.png"
}

# the start page saves the connection in this profile's localStorage and opens the routes
shot routes "$HAWTIO/"
