#!/usr/bin/env bash
# `bench/footprint.sh [REV...]`: the production footprint of each git revision (default: the commit this
# branch started from, and HEAD): the size of its build (`dist/`, source maps left out), node_modules
# after `npm ci --omit=dev` (what `npm prune --omit=dev` leaves; a bundled build no longer reads it),
# start-up time of `node dist/main.js` in demo mode until its "listening" line, and its resident memory
# after 5 s idle. Runs in temporary directories; the npm cache serves the packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
revs=("$@")
[ "${#revs[@]}" -gt 0 ] || revs=(6ebd70f HEAD)
printf '| revision | dist | node_modules | packages | start-up to listening | idle RSS |\n|---|---:|---:|---:|---:|---:|\n'
for rev in "${revs[@]}"; do
  dir="$(mktemp -d /tmp/ctrlgraph-footprint-XXXXXX)"
  git -C "$root" archive "$rev" | tar -x -C "$dir"
  # Each revision's own build script, with this checkout's development install borrowed for it.
  ln -s "$root/node_modules" "$dir/node_modules"
  (cd "$dir" && npm run build --silent >/dev/null)
  rm "$dir/node_modules"
  (cd "$dir" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null 2>&1)
  size="$(du -sm "$dir/node_modules" | cut -f1)"
  build="$(du -sm --exclude='*.map' "$dir/dist" | cut -f1)"
  packages="$(find "$dir/node_modules" -name package.json -path '*/node_modules/*/package.json' -not -path '*/node_modules/*/*/*/package.json' | wc -l)"
  log="$dir/start.log"
  start=$(date +%s%N)
  (cd "$dir" && PORT=0 HOST=127.0.0.1 exec node dist/main.js >"$log" 2>&1) &
  pid=$!
  until grep -q 'ctrlgraph listening on' "$log" 2>/dev/null; do sleep 0.02; done
  startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5
  rss_mb=$(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))
  kill -TERM "$pid"; wait "$pid" || true
  printf '| %s (%s) | %s MB | %s MB | %s | %s ms | %s MB |\n' "$rev" "$(git -C "$root" rev-parse --short "$rev")" "$build" "$size" "$packages" "$startup_ms" "$rss_mb"
  rm -rf "$dir"
done
