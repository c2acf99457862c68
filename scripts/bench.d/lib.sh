# shellcheck shell=bash
# What every bench of scripts/bench shares: its settings, the tools it installs, starting and
# stopping servers, the load runners (wrk, oha) and their figures, CPU and memory from /proc,
# medians. Sourced by scripts/bench, then the service's own script (scripts/bench.d/<service>.sh)
# defines BENCH_TOOLS, BENCH_BUILD and bench_main, and bench_run runs them.

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-5000}
CONNECTIONS=${CONNECTIONS:-64}
PROXY_WORKERS=${PROXY_WORKERS:-4}
SAV_PORT=18181 GATEWAY_PORT=18180 NGINX_PORT=18190 RMA_PORT=18182 CUSTOMERS_PORT=18183
LOYALTY_PORT=18184 CRM_PORT=18185
PG_ADMIN=(-h 127.0.0.1 -U postgres)
# Connections of the sav and rma benches (the gateway bench uses CONNECTIONS).
SERVICE_CONNECTIONS=16
# A slow answer is measured, not dropped: with wrk's default of 2 s it would only count as a
# socket error and stay out of the percentiles.
WRK_TIMEOUT=10s

# Each path's figures, by name (one per round, space-separated, for the gateway's rounds).
declare -A rps p50 p99 cpu fixed50 fixed99 errors rss baseline detail

# wrk (Debian) and oha (crates.io) when missing, then the commands named: nginx and sqlite3 from
# Debian; the PostgreSQL client tools (psql, pgbench, createdb, dropdb) must be there.
install_tools() {
    command -v wrk >/dev/null || apt-get install -y -qq wrk
    command -v oha >/dev/null || [ -x "$HOME/.cargo/bin/oha" ] || cargo install oha --locked
    OHA=$(command -v oha || echo "$HOME/.cargo/bin/oha")
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null && continue
        case "$tool" in
        nginx) apt-get install -y -qq nginx-light || apt-get install -y -qq nginx ;;
        sqlite3) apt-get install -y -qq sqlite3 ;;
        *)
            echo "needs $tool (postgresql-client)" >&2
            exit 1
            ;;
        esac
    done
}

work=""
pids=()
bench_db=""
cleanup() {
    local status=$?
    # A failed run shows the end of the servers' logs before they are removed.
    if [ "$status" != 0 ] && [ -n "$work" ]; then
        tail -n 20 "$work"/*.log 2>/dev/null >&2 || true
    fi
    kill "${pids[@]}" 2>/dev/null || true
    kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
    wait 2>/dev/null || true
    # --force: the server may not have noticed yet that the service's connections are gone.
    [ -z "$bench_db" ] || dropdb --if-exists --force "${PG_ADMIN[@]}" "$bench_db" || true
    rm -rf "$work"
}

# Tools, the release build of BENCH_BUILD, a work directory removed at exit, then bench_main.
bench_run() {
    install_tools "${BENCH_TOOLS[@]}"
    echo "== building (release)"
    cargo build --release --locked "${BENCH_BUILD[@]}"
    work=$(mktemp -d)
    trap cleanup EXIT
    bench_main
}

wait_ready() {
    for _ in $(seq 1 100); do
        curl -fsS "$1" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "not ready: $1" >&2
    exit 1
}

# A server left over on the port would answer in place of the one just started.
port_free() {
    if curl -s -o /dev/null "http://127.0.0.1:$1/"; then
        echo "port $1 is already in use" >&2
        exit 1
    fi
}

# Total CPU ticks (user + system) of the given processes and their threads.
cpu_ticks() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}

# Clock ticks are 10 ms: µs of server CPU per request.
us_per_request() {
    awk -v t="$1" -v n="$2" 'BEGIN {printf "%.1f", t * 10000 / n}'
}

# Peak resident set of the measured service (svc_pid) since its start, in MiB.
peak_rss() {
    awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$svc_pid/status"
}

stop_service() {
    kill "$svc_pid"
    wait "$svc_pid" 2>/dev/null || true
}

# Fields of wrk's report (`wrk --latency` output on stdin).
wrk_rps() { awk '/^Requests\/sec/ {print $2}'; }
wrk_requests() { awk '/requests in/ {print $1}'; }
wrk_percentile() { awk -v p="$1" '$1 == p {print $2}'; }
# wrk's "574.00us", "6.41ms" or "1.20s" in ms.
wrk_ms() {
    awk '{v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /[0-9]s$/) v *= 1000; printf "%.3f", v}'
}
# Answers outside 2xx/3xx plus connect, read, write errors and timeouts.
wrk_errors() {
    awk '/Non-2xx or 3xx responses/ {n += $NF}
         /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
         END {print n + 0}'
}

# wrk's latency spread, for the details: "p75 … p90 … max …".
wrk_spread() {
    awk '$1 == "Latency" && !max {max = $4} $1 == "75%" {p75 = $2} $1 == "90%" {p90 = $2}
         END {printf "p75 %s, p90 %s, max %s", p75, p90, max}'
}

# p50 or p99 in ms of oha's JSON report on stdin.
oha_percentile() {
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.3f" % (d["latencyPercentiles"][sys.argv[1]]*1000))' "$1"
}

last() { echo "${1##* }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# "total steal" ticks of all CPUs, from /proc/stat.
steal_ticks() { awk '$1 == "cpu" {t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9}' /proc/stat; }

# The gateway only issues the token: a client-credentials client and an RFC 6749 token request;
# sets auth (the header). The client's name ($1), scopes ($2) and, optional, the partner it
# speaks for ($3) and its permissions ($4).
issue_token() {
    local name=$1 scopes=$2 partner=()
    [ -z "${3:-}" ] || partner=(--partner "$3")
    [ -z "${4:-}" ] || partner+=(--permissions "$4")
    export GATEWAY__DATABASE__URL="$work/gateway.db" GATEWAY__HTTP__PORT=$GATEWAY_PORT GATEWAY__LOG__FILTER=warn
    port_free "$GATEWAY_PORT"
    target/release/gateway >"$work/gateway.log" 2>&1 &
    pids+=($!)
    wait_ready "http://127.0.0.1:$GATEWAY_PORT/readyz"
    local creds id secret token
    creds=$(target/release/gateway clients create --name "$name" --kind client-credentials \
        --scopes "$scopes" "${partner[@]}")
    id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["client_id"])' <<<"$creds")
    secret=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["client_secret"])' <<<"$creds")
    token=$(curl -fsS -X POST "127.0.0.1:$GATEWAY_PORT/oauth/token" -u "$id:$secret" -d grant_type=client_credentials |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    auth="Authorization: Bearer $token"
}

# Read at the maximum rate (wrk), then at half of it (oha); CPU of the service (svc_pid) over the
# wrk run. $1: the figures' name, $2: the URL.
measure_read() {
    local name=$1 url=$2 before after wrk_out out half codes wrk_bad
    before=$(cpu_ticks "$svc_pid")
    wrk_out=$(wrk -t2 -c"$SERVICE_CONNECTIONS" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" --latency -H "$auth" "$url")
    after=$(cpu_ticks "$svc_pid")
    rps[$name]=$(wrk_rps <<<"$wrk_out")
    p50[$name]=$(wrk_percentile 50% <<<"$wrk_out")
    p99[$name]=$(wrk_percentile 99% <<<"$wrk_out")
    cpu[$name]=$(us_per_request $((after - before)) "$(wrk_requests <<<"$wrk_out")")
    wrk_bad=$(wrk_errors <<<"$wrk_out")
    half=$(awk -v r="${rps[$name]}" 'BEGIN {printf "%d", r / 2}')
    out=$("$OHA" -z "${DURATION}s" -q "$half" -c "$SERVICE_CONNECTIONS" --latency-correction --no-tui \
        --output-format json -H "$auth" "$url")
    fixed50[$name]=$(oha_percentile p50 <<<"$out")
    fixed99[$name]=$(oha_percentile p99 <<<"$out")
    # oha's successRate counts any HTTP answer as a success: non-200 answers and transport
    # errors are counted here instead (the requests cut by the end of the run are not errors).
    codes=$(python3 -c '
import json, sys
d = json.load(sys.stdin)
bad = {k: v for k, v in d.get("statusCodeDistribution", {}).items() if k != "200"}
bad.update({k: v for k, v in d.get("errorDistribution", {}).items() if "deadline" not in k})
print(sum(bad.values()), " ".join("%s=%s" % kv for kv in sorted(bad.items())) or "none")' <<<"$out")
    errors[$name]=$((wrk_bad + ${codes%% *}))
    detail[$name]="wrk: $(wrk_spread <<<"$wrk_out"), $wrk_bad non-2xx or socket errors; oha at $half req/s: non-200 or errors: ${codes#* }"
}

# Write at the maximum rate (wrk with a fresh body per request, from the wrk script $4), then at
# about half of it: oha sends one body for every request, and a repeated write is refused or
# changes what is measured, so the second run is wrk again with each connection pausing between
# its requests (a closed loop, paced so that the connections together send about half the
# maximum rate). $1: the figures' name; $2: a command counting the rows written (what $5 names),
# to check that every success left its rows; $3: the URL.
measure_write() {
    local name=$1 count=$2 url=$3 lua=$4 what=$5 before after out half pause
    before=$(cpu_ticks "$svc_pid")
    out=$(wrk -t2 -c"$SERVICE_CONNECTIONS" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" --latency -H "$auth" -s "$lua" "$url" -- max 0)
    after=$(cpu_ticks "$svc_pid")
    rps[$name]=$(wrk_rps <<<"$out")
    p50[$name]=$(wrk_percentile 50% <<<"$out")
    p99[$name]=$(wrk_percentile 99% <<<"$out")
    cpu[$name]=$(us_per_request $((after - before)) "$(wrk_requests <<<"$out")")
    pause=$(awk -v r="${rps[$name]}" -v c="$SERVICE_CONNECTIONS" 'BEGIN {printf "%d", 2 * c * 1000 / r}')
    half=$(wrk -t2 -c"$SERVICE_CONNECTIONS" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" --latency -H "$auth" -s "$lua" "$url" -- half "$pause")
    fixed50[$name]=$(wrk_percentile 50% <<<"$half" | wrk_ms)
    fixed99[$name]=$(wrk_percentile 99% <<<"$half" | wrk_ms)
    errors[$name]=$(($(wrk_errors <<<"$out") + $(wrk_errors <<<"$half")))
    # The database may hold up to $SERVICE_CONNECTIONS more rows than the successes wrk counted:
    # the requests in flight when wrk stops still complete, unseen.
    detail[$name]="wrk: $(wrk_spread <<<"$out"); statuses: $(awk '/^status / {printf "%s=%s ", $2, $3}' <<<"$out")$(
        grep -m1 '^  Socket errors' <<<"$out" || true); at $(wrk_rps <<<"$half") req/s (pause ${pause} ms): $(
        awk '/^status / {printf "%s=%s ", $2, $3}' <<<"$half")$(grep -m1 '^  Socket errors' <<<"$half" || true); $what in the database: $($count)"
    grep -m1 '^sample non-' <<<"$out" >>"$work/samples" || true
    grep -m1 '^sample non-' <<<"$half" >>"$work/samples" || true
}

# The tps of a pgbench script ($2) on the database $3, with as many clients as the service has
# connections, as the baseline of the figures named $1 (and its details).
run_pgbench() {
    local name=$1 out
    out=$(pgbench "${PG_ADMIN[@]}" -n -M prepared -c "$SERVICE_CONNECTIONS" -j 2 -T "$DURATION" -f "$2" "$3" 2>&1) || {
        echo "pgbench failed on $2:" >&2
        echo "$out" >&2
        exit 1
    }
    baseline[$name]=$(awk '/^tps = / {printf "%.0f", $3}' <<<"$out")
    detail[$name]+="; pgbench: $(awk '/^number of transactions actually processed/ {t = $NF}
        /^number of failed transactions/ {f = $5} /^latency average/ {l = $4 " " $5}
        END {printf "%s transactions, %s failed, latency average %s", t, f + 0, l}' <<<"$out")"
}

# The table of a database bench: one line per figures' name ($@), the peak RSS of its backend
# (the name's part before ':').
report_table() {
    printf '\n%-13s %10s %10s %10s %11s %14s %14s %7s %12s\n' path "max req/s" p50 p99 "CPU µs/req" \
        "p50 @half ms" "p99 @half ms" errors "peak RSS MiB"
    local name
    for name in "$@"; do
        printf '%-13s %10s %10s %10s %11s %14s %14s %7s %12s\n' "$name" "${rps[$name]}" "${p50[$name]}" \
            "${p99[$name]}" "${cpu[$name]}" "${fixed50[$name]}" "${fixed99[$name]}" "${errors[$name]}" \
            "${rss[${name%%:*}]}"
    done
}

# Each figures' name's details, then the first non-2xx bodies the wrk scripts kept.
report_details() {
    local name
    for name in "$@"; do
        echo "$name ${detail[$name]}"
    done
    [ ! -s "$work/samples" ] || cat "$work/samples"
}

# The Lua that opens a wrk write script: method $1, JSON bodies, each of wrk's threads i given
# `first` = i * $2 (its own range of $2 items), a `sent` count, the `statuses` tally, and the
# script's arguments (after --): "half" for the run at about half the maximum rate, which sets
# `offset` to half the range (a script on fresh items takes the second half there), and the
# pause in ms between two requests of a connection.
lua_write_prologue() {
    cat <<LUA
local range = $2
local threads = {}
local index = 0
wrk.method = "$1"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
    thread:set("first", index * range)
    index = index + 1
    table.insert(threads, thread)
end

sent = 0
statuses = {}
offset = 0
pause = 0
function init(args)
    if args[1] == "half" then offset = math.floor(range / 2) end
    pause = tonumber(args[2] or "0")
end

function delay()
    return pause
end

LUA
}

# The Lua that ends a wrk write script: each answer's status counted per thread and summed when
# done, the first body of another status than $1 kept as a sample (the script's threads table and
# per-thread `statuses`/`sample` globals are its own).
lua_status_tally() {
    cat <<LUA
function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status ~= $1 and sample == nil then sample = body end
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
        local body = thread:get("sample")
        if body then io.write("sample non-$1: ", body, "\\n") end
    end
    for status, n in pairs(total) do io.write("status ", status, " ", n, "\\n") end
end
LUA
}
