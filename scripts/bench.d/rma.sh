# shellcheck shell=bash
# `scripts/bench rma` measures the repair-center API (services/rma, seed 001) on PostgreSQL and
# on SQLite, over a seeded database of 100,000 demands of 100 repair centers, the bench partner
# (center-bench) owning 1,000 of them (100 awaiting its answer, RMAD; 900 accepted, spread over
# the workflow's statuses). With a token bound to that partner (partner claim of the gateway):
#   - the partner's polls: GET /api/demands/retrieverequests?status=RMAD (its 100 new demands)
#     and ?limit=100 (the first page of all its demands);
#   - its status updates: POST /api/demands/status to REPPROG, cycling over its 900 accepted
#     demands (a different demand number from one request to the next);
# each with the sav bench's figures: maximum throughput and latency (wrk, 16 connections,
# DURATION seconds), latency at half that maximum (oha with latency correction for the reads,
# paced wrk for the status updates), server CPU per request, the service's peak resident memory
# and the errors (non-2xx answers). No pgbench baseline. The PUSH dispatcher is off.
#
# The data is written by the service itself, `rma seed` (services/rma/src/seed.rs, through its
# demands store; its shape is described there, and services/rma/tests/seed.rs runs it in CI).

BENCH_TOOLS=(sqlite3 psql createdb dropdb)
BENCH_BUILD=(-p gateway -p rma)

RMA_DEMANDS=100000 # BENCH-000001 …
RMA_PARTNERS=100
RMA_PARTNER=center-bench
RMA_BENCH_DEMANDS=1000 # every (RMA_DEMANDS / RMA_BENCH_DEMANDS)-th: BENCH-000100, …
RMA_PG_URL=postgres://postgres@127.0.0.1:5432/bench_rma
RMA_RMAD_PATH="/api/demands/retrieverequests?status=RMAD"
RMA_LIST_PATH="/api/demands/retrieverequests?limit=100"
RMA_STATUS_PATH=/api/demands/status

# The rma service's settings for the database URL $1, as arguments of env (a plain command, so
# that `env … &` gives the service's own pid: env execs it).
rma_env() {
    rma_vars=(RMA__DATABASE__URL="$1" RMA__HTTP__PORT="$RMA_PORT" RMA__LOG__FILTER=warn
        RMA__AUTH__JWKS_URL="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json"
        RMA__DATABASE__POOL_SIZE=8 RMA__OUTBOX__ENABLED=false)
}

# Starts the rma service on the database URL $1 (seeded); sets svc_pid. The first requests
# fetch the gateway's keys and check the seed through the service: the bench partner has 100
# demands in RMAD and 1,000 in all.
start_rma() {
    rma_env "$1"
    port_free "$RMA_PORT"
    env "${rma_vars[@]}" target/release/rma >>"$work/rma-$2.log" 2>&1 &
    svc_pid=$!
    pids+=("$svc_pid")
    wait_ready "http://127.0.0.1:$RMA_PORT/readyz"
    rmad_shape=$(curl -fsS -H "$auth" "http://127.0.0.1:$RMA_PORT$RMA_RMAD_PATH" | python3 -c '
import json, sys
d = json.load(sys.stdin)
codes = {r["current_status_code"] for r in d["data"]}
centers = {r["repair_center"] for r in d["data"]}
if d["total"] != 100 or len(d["data"]) != 100 or codes != {"RMAD"} or centers != {sys.argv[1]}:
    sys.exit("the bench partner should have 100 RMAD demands: total %s, %d rows, %s, %s"
             % (d["total"], len(d["data"]), codes, centers))
print("%d demands of %d in all, %d bytes" % (len(d["data"]), d["total"], len(json.dumps(d))))' "$RMA_PARTNER")
    list_shape=$(curl -fsS -H "$auth" "http://127.0.0.1:$RMA_PORT$RMA_LIST_PATH" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if d["total"] != 1000 or len(d["data"]) != 100:
    sys.exit("the bench partner should have 1000 demands: total %s, %d rows" % (d["total"], len(d["data"])))
print("%d demands of %d in all, %d bytes" % (len(d["data"]), d["total"], len(json.dumps(d))))')
}

# The partner's status updates: thread i (of wrk's 2) takes the bench partner's demands
# k * stride for k in i*500+1 … (i+1)*500, skipping the RMAD ones (k a multiple of 10, not
# accepted: refused with 409), and goes round them, a different demand from one request to the
# next. Statuses are counted per thread and summed at the end, with the first non-200 body.
rma_status_lua() {
    {
        lua_write_prologue POST $((RMA_BENCH_DEMANDS / 2))
        cat <<LUA
local stride = $((RMA_DEMANDS / RMA_BENCH_DEMANDS))

function request()
    local k
    repeat
        k = first + sent % range + 1
        sent = sent + 1
    until k % 10 ~= 0
    local body = string.format('{"demand_number":"BENCH-%06d","status_code":"REPPROG",'
        .. '"status_comment":"bench"}', k * stride)
    return wrk.format(nil, nil, nil, body)
end

LUA
        lua_status_tally 200
    } >"$work/status.lua"
}

# Status updates the bench left in the history (each 200 writes one row).
pg_status_updates() {
    psql "${PG_ADMIN[@]}" -d bench_rma -tAc "SELECT count(*) FROM demand_status_history WHERE comment = 'bench'"
}
sqlite_status_updates() {
    sqlite3 "$work/rma.db" ".timeout 5000" "SELECT count(*) FROM demand_status_history WHERE comment = 'bench'"
}

# One backend ($1: pg or sqlite) on the database URL $2: seed (and migrate), start, measure.
bench_rma_on() {
    local backend=$1 url=$2 label
    label=$([ "$backend" = pg ] && echo PostgreSQL || echo SQLite)
    echo "== $label: seeding $RMA_DEMANDS demands"
    rma_env "$url"
    env "${rma_vars[@]}" target/release/rma seed --demands $RMA_DEMANDS --partners $RMA_PARTNERS \
        --bench-partner $RMA_PARTNER --bench-demands $RMA_BENCH_DEMANDS >>"$work/rma-$backend.log"
    echo "   $(tail -n 1 "$work/rma-$backend.log")"
    start_rma "$url" "$backend"
    echo "== $label: each read ${DURATION}s at max rate, then ${DURATION}s at half of it"
    measure_read "$backend:rmad" "http://127.0.0.1:$RMA_PORT$RMA_RMAD_PATH"
    measure_read "$backend:list" "http://127.0.0.1:$RMA_PORT$RMA_LIST_PATH"
    echo "== $label: status updates ${DURATION}s at max rate"
    measure_write "$backend:status" "${backend}_status_updates" "http://127.0.0.1:$RMA_PORT$RMA_STATUS_PATH" \
        "$work/status.lua" "status updates"
    rss[$backend]=$(peak_rss)
    stop_service
}

report_rma() {
    local names=(pg:rmad pg:list pg:status sqlite:rmad sqlite:list sqlite:status) name
    echo
    echo "rmad   = GET $RMA_RMAD_PATH ($rmad_shape)"
    echo "list   = GET $RMA_LIST_PATH ($list_shape)"
    echo "status = POST $RMA_STATUS_PATH (REPPROG, over the partner's 900 accepted demands in turn)"
    report_table "${names[@]}"
    echo "@half for status: wrk with each connection pausing between requests, about half the"
    echo "  maximum rate (oha sends the same body every time, one demand only)."
    echo
    report_details "${names[@]}"
    echo
    for name in "${names[@]}"; do
        echo "$name errors (non-2xx, socket errors): ${errors[$name]} (goal: none)"
    done
}

bench_main() {
    issue_token bench-rma "demands_status demands_accept demands_update" "$RMA_PARTNER"
    rma_status_lua
    bench_db=bench_rma
    dropdb --if-exists --force "${PG_ADMIN[@]}" bench_rma
    createdb "${PG_ADMIN[@]}" bench_rma
    bench_rma_on pg "$RMA_PG_URL"
    dropdb --force "${PG_ADMIN[@]}" bench_rma
    bench_db=""
    bench_rma_on sqlite "$work/rma.db"
    report_rma
}
