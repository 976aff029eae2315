#!/usr/bin/env bash
# Catalog benchmarks (DESIGN §15), printed plainly; no pass/fail thresholds.
#   1. import-scryfall: cards/s and peak RSS for the demo catalog (1×) and a 4× file made of
#      the same 6,910 lines repeated four times with fresh card ids, gzip'd and plain.
#   2. card search: throughput and latency with wrk against the real server, side by side
#      with nginx serving a static file the size of a typical search answer, on the same
#      machine with the same load; then latency at a fixed rate of about 2,000 requests/s.
# Usage: tests/bench/bench-catalog.sh [BUILDDIR]   (tools/bench passes its build directory)
#   DC_BENCH_SECONDS=N     length of each wrk run (default 10)
#   DC_BENCH_ONLY=import|search   run one half
set -euo pipefail

top="$(cd "$(dirname "$0")/../.." && pwd)"
builddir="${1:-${DC_BUILD_DIR:-$top/_build}}"
server="$builddir/server/dualcaster-server"
demo="${DC_DEMO_DATA:-$top/data/demo}"
duration="${DC_BENCH_SECONDS:-10}"
only="${DC_BENCH_ONLY:-}"

for tool in wrk nginx jq gzip awk /usr/bin/time curl ss; do
  command -v "$tool" >/dev/null ||
    { echo "bench-catalog: $tool is missing (tools/deps bench)"; exit 1; }
done
[ -x "$server" ] || { echo "bench-catalog: no server binary at $server"; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/dc-bench-catalog-XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

export DUALCASTER_ENV_FILE=/dev/null DUALCASTER_ACCESS_LOG=0

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"

# -- 1. Import ---------------------------------------------------------------------------

cards_gz="$demo/cards.jsonl.gz"

bench_import() {
  echo
  echo "-- import-scryfall (fresh database on disk each time; the same file imported again)"
  lines=$(gzip -dc "$cards_gz" | wc -l)

  gzip -dc "$cards_gz" > "$work/cards-1x.jsonl"
  # 4×: each copy with fresh ids (the first "id" of a line is the card's own).
  for copy in 1 2 3 4; do
    awk '{
      uuid_file = "/proc/sys/kernel/random/uuid"
      getline uuid < uuid_file; close(uuid_file)
      sub(/"id":"[0-9a-f-]+"/, "\"id\":\"" uuid "\"")
      print
    }' "$work/cards-1x.jsonl"
  done > "$work/cards-4x.jsonl"
  gzip -1 -c "$work/cards-4x.jsonl" > "$work/cards-4x.jsonl.gz"

  # Runs one import into DB, prints "cards seconds cards/s peak-RSS-MiB [catalog file]". The
  # import's own seconds are the first "in N s" of its summary; building the new catalog
  # version's download file is timed apart ("catalog file X MiB in Y s").
  import_once() {
    local db="$1" file="$2" out
    out=$(DUALCASTER_DB="$db" /usr/bin/time -f 'MAXRSS %M' "$server" import-scryfall "$file" \
            --day=2026-01-01 2>&1)
    echo "$out" | awk '
      / cards \(/ {
        for (i = 1; i <= NF; i++) {
          if ($(i+1) == "cards" && n == "") n = $i
          if ($i == "in" && s == "") s = $(i+1)
          if ($i == "file") { fsz = $(i+1); fs = $(i+4) }
        }
      }
      /^MAXRSS/ { rss = $2 }
      END {
        if (s > 0) {
          printf "%7d cards %7.3f s %8.0f cards/s %6.1f MiB peak RSS", n, s, n / s, rss / 1024
          if (fs != "") printf "  (+ catalog file %s MiB in %s s)", fsz, fs
          printf "\n"
        } else print "  import failed"
      }'
  }

  printf '%-26s %s\n' "file" "import (peak RSS covers the whole command)"
  for spec in "1x gzip:$cards_gz" "1x plain:$work/cards-1x.jsonl" \
              "4x gzip:$work/cards-4x.jsonl.gz" "4x plain:$work/cards-4x.jsonl"; do
    name="${spec%%:*}"; file="${spec#*:}"
    rm -f "$work/import.db"*
    DUALCASTER_DB="$work/import.db" "$server" migrate >/dev/null
    printf '%-26s %s\n' "$name (new)" "$(import_once "$work/import.db" "$file")"
    printf '%-26s %s\n' "$name (again, unchanged)" "$(import_once "$work/import.db" "$file")"
  done
  echo "(file has $lines lines at 1x;" \
       "target: >= 20,000 cards/s with peak memory flat in the file size)"
  rm -f "$work/import.db"* "$work/cards-4x.jsonl" "$work/cards-4x.jsonl.gz"
}


# -- 2. Search ---------------------------------------------------------------------------

bench_search() {
  free_port() {
    local port
    while :; do
      port=$(( 20000 + RANDOM % 30000 ))
      ss -ltnH "sport = :$port" | grep -q . || { echo "$port"; return; }
    done
  }

  export DUALCASTER_DB="$work/search.db"
  "$server" import-demo "$demo" >/dev/null

  DUALCASTER_LISTEN=127.0.0.1:0 "$server" serve > "$work/server.out" 2> "$work/server.err" &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/server.out" 2>/dev/null && break
    sleep 0.05
  done
  base=$(sed -n 's/^listening on //p' "$work/server.out")
  if [ -z "$base" ]; then
    echo "bench-catalog: the server did not start"
    cat "$work/server.err"
    exit 1
  fi

  typical="/api/cards/search?q=bolt"
  mkdir -p "$work/nginx/html"
  curl -fsS "$base$typical" > "$work/nginx/html/search.json"
  size=$(stat -c %s "$work/nginx/html/search.json")
  results=$(jq '.results | length' "$work/nginx/html/search.json")
  chmod 755 "$work" "$work/nginx" "$work/nginx/html"
  chmod 644 "$work/nginx/html/search.json"

  nginx_port=$(free_port)
  cat > "$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port backlog=1024;
    root $work/nginx/html;
  }
}
EOF
  nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  pids+=($!)
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port/search.json" 2>/dev/null && break
    sleep 0.05
  done

  # Real name prefixes for a mixed load: 3 to 6 letters of the first word of every name.
  gzip -dc "$cards_gz" | jq -r '.name' | awk '{
      w = tolower($1); gsub(/[^a-z]/, "", w)
      if (length(w) >= 3) print substr(w, 1, 3 + (NR % 4))
    }' | sort -u > "$work/prefixes.txt"
  {
    echo "local queries = {"
    sed 's/.*/"&",/' "$work/prefixes.txt"
    echo "}"
    cat <<'EOF'
math.randomseed(os.time())
request = function()
  local q = queries[math.random(#queries)]
  return wrk.format("GET", "/api/cards/search?q=" .. q .. "&limit=" .. math.random(10, 30))
end
EOF
  } > "$work/mixed.lua"
  # A fixed rate: each of 16 connections waits 8 ms between requests, about 2,000 requests/s.
  echo 'function delay() return 8 end' > "$work/rate.lua"

  # Prints "req/s p50 p90 p99" of one wrk run.
  run_wrk() {
    wrk "$@" --latency 2>&1 | awk '
      /Requests\/sec/ { rps = $2 }
      /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
      /Non-2xx/ { bad = $NF }
      END { printf "%10.0f req/s   p50 %8s   p90 %8s   p99 %8s%s\n", rps, p50, p90, p99,
                   bad ? "   NON-2xx: " bad : "" }'
  }

  echo
  echo "-- card search: typical answer $typical is $size bytes ($results cards);" \
       "wrk 4 threads, 64 connections, ${duration}s"
  nginx_line=$(run_wrk -t4 -c64 -d"${duration}s" "http://127.0.0.1:$nginx_port/search.json")
  printf '%-44s %s\n' "nginx, static file of $size bytes" "$nginx_line"
  nginx_rps=$(echo "$nginx_line" | awk '{ print $1 }')
  server_line=$(run_wrk -t4 -c64 -d"${duration}s" "$base$typical")
  printf '%-44s %s\n' "dualcaster-server, q=bolt" "$server_line"
  server_rps=$(echo "$server_line" | awk '{ print $1 }')
  printf '%-44s %s\n' "dualcaster-server, $(wc -l < "$work/prefixes.txt") name prefixes, mixed" \
    "$(run_wrk -t4 -c64 -d"${duration}s" -s "$work/mixed.lua" "$base")"
  printf '%-44s %s\n' "dualcaster-server, bare route /api/version" \
    "$(run_wrk -t4 -c64 -d"${duration}s" "$base/api/version")"
  awk -v s="$server_rps" -v n="$nginx_rps" 'BEGIN {
    printf "search throughput = %.0f%% of nginx (%.0f / %.0f; target >= 25%%)\n",
           100 * s / n, s, n }'

  echo
  echo "-- card search at a fixed rate (16 connections x 125 requests/s), ${duration}s"
  printf '%-44s %s\n' "dualcaster-server, q=bolt" \
    "$(run_wrk -t2 -c16 -d"${duration}s" -s "$work/rate.lua" "$base$typical")"
  printf '%-44s %s\n' "dualcaster-server, mixed prefixes" \
    "$(cat "$work/mixed.lua" "$work/rate.lua" > "$work/mixed-rate.lua";
       run_wrk -t2 -c16 -d"${duration}s" -s "$work/mixed-rate.lua" "$base")"
  printf '%-44s %s\n' "nginx, static file" \
    "$(run_wrk -t2 -c16 -d"${duration}s" -s "$work/rate.lua" \
               "http://127.0.0.1:$nginx_port/search.json")"
  echo "(target: p99 < 5 ms at 2,000 requests/s)"
}

[ "$only" = search ] || bench_import
[ "$only" = import ] || bench_search
