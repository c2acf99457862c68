# shellcheck shell=bash
# `scripts/bench flow1` measures issue 16's flow 1 end to end on PostgreSQL: warranty SAV are
# created at a steady RATE1 per second for DURATION1 seconds (oha, POST /sav/create-sale-sav on
# the SAV service, each `garantie` with a registered serial under warranty); each one's outbox
# event asks the customers service for the warranty, then the RMA for a REP demand. Four
# processes: the gateway (tokens only), sav, customers and rma, each on its own database, each
# call between services with the caller's own client credentials.
#
# Figures: the delivery delay of each SAV (its demand's `created_at` at the RMA minus the SAV's
# `created_at`, both written by the services, read back from the databases once every SAV has
# its demand): p50, p99 and max; the SAV outbox's backlog of `sav.warranty_repair`, sampled from
# its /metrics every second during the run (it should stay flat: no growth from start to end);
# and that each SAV got exactly one demand. The dispatcher polls every POLL_MS ms (100) when it
# finds nothing due, so that is the floor of the delay at a low rate.

BENCH_TOOLS=(psql createdb dropdb)
BENCH_BUILD=(-p gateway -p sav -p customers -p rma)

RATE1=${RATE1:-50}
DURATION1=${DURATION1:-30}
POLL_MS=${POLL_MS:-100}
FLOW_DBS=(bench_flow_sav bench_flow_customers bench_flow_rma)
FLOW_PG=postgres://postgres@127.0.0.1:5432

# A client of the gateway: "id secret" of the client named $1 with scopes $2 and permissions $3.
flow_client() {
    target/release/gateway clients create --name "$1" --kind client-credentials --scopes "$2" \
        --permissions "$3" | python3 -c 'import json,sys; c = json.load(sys.stdin)["credentials"]; print(c["client_id"], c["client_secret"])'
}

# Starts service $1 on port $2 with its database and the client "id secret" $3, plus the extra
# settings that follow.
flow_start() {
    local name=$1 port=$2 client=$3 prefix=${1^^}
    shift 3
    port_free "$port"
    env "${prefix}__DATABASE__URL=$FLOW_PG/bench_flow_$name" "${prefix}__HTTP__PORT=$port" \
        "${prefix}__LOG__FILTER=warn" "${prefix}__DATABASE__POOL_SIZE=8" \
        "${prefix}__AUTH__JWKS_URL=http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json" \
        "${prefix}__CLIENT__GATEWAY_URL=http://127.0.0.1:$GATEWAY_PORT" \
        "${prefix}__CLIENT__CLIENT_ID=${client% *}" "${prefix}__CLIENT__CLIENT_SECRET=${client#* }" \
        "${prefix}__OUTBOX__POLL_INTERVAL_MS=$POLL_MS" "$@" \
        "target/release/$name" >>"$work/$name.log" 2>&1 &
    pids+=($!)
    wait_ready "http://127.0.0.1:$port/readyz"
}

# The backlog of the SAV's repairs in its /metrics (0 when none is pending).
flow_backlog() {
    curl -fsS "http://127.0.0.1:$SAV_PORT/metrics" |
        awk '/^outbox_backlog\{topic="sav.warranty_repair"\}/ {n = $2} END {print n + 0}'
}

flow_drop_dbs() {
    local db
    for db in "${FLOW_DBS[@]}"; do
        dropdb --if-exists --force "${PG_ADMIN[@]}" "$db" || true
    done
}

bench_main() {
    issue_token bench-office "sales_write sav_read sav_write customers_feed" "" \
        "customer.warranty_info.create customer.warranty_info.view_list"
    local sav_client rma_client none="x x"
    sav_client=$(flow_client bench-sav demands_create customer.warranty_info.view_list)
    rma_client=$(flow_client bench-rma sav_events "")
    flow_drop_dbs
    trap 'flow_drop_dbs; cleanup' EXIT
    local db
    for db in "${FLOW_DBS[@]}"; do createdb "${PG_ADMIN[@]}" "$db"; done

    flow_start customers "$CUSTOMERS_PORT" "$none"
    flow_start rma "$RMA_PORT" "$rma_client" "RMA__SERVICE__SAV_EVENTS__URL=http://127.0.0.1:$SAV_PORT"
    flow_start sav "$SAV_PORT" "$sav_client" \
        "SAV__SERVICE__WARRANTY_REPAIR__CUSTOMERS_URL=http://127.0.0.1:$CUSTOMERS_PORT" \
        "SAV__SERVICE__WARRANTY_REPAIR__RMA_URL=http://127.0.0.1:$RMA_PORT" \
        "SAV__SERVICE__WARRANTY_REPAIR__DEFAULT_CENTER=center-bench"

    # One customer, the ticket of a sale of today and its product's registration (24 months).
    local customers=http://127.0.0.1:$CUSTOMERS_PORT customer
    customer=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' "$customers/customers" \
        -d '{"name": "Jean Dupont", "phone": "0912345678"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["customer"]["id"])')
    curl -fsS -o /dev/null -X PUT -H "$auth" -H 'Content-Type: application/json' "$customers/pos/tickets/HD-1" \
        -d "{\"customer_id\": $customer, \"sold_at\": \"$(date -u '+%Y-%m-%d 08:00:00')\", \"lines\": [{\"product_id\": \"TV55\", \"product_name\": \"TV\"}]}"
    curl -fsS -o /dev/null -H "$auth" -H 'Content-Type: application/json' "$customers/warranty-info" \
        -d "{\"ticketid\": \"HD-1\", \"cust_id\": $customer, \"cust_phone\": \"0912345678\", \"product_id\": \"TV55\", \"serial_num\": \"SN-BENCH\", \"time_warranty\": 24}"
    curl -fsS -o /dev/null -H "$auth" -H 'Content-Type: application/json' "http://127.0.0.1:$SAV_PORT/api/sales" \
        -d '[{"increment_id": "A1", "customer_email": "jean@example.com", "grand_total": "499.00", "status": "complete", "created_at": "2026-03-01T10:00:00Z", "lines": [{"sku": "TV55", "name": "TV", "quantity": 1, "unit_price": "499.00"}]}]'

    echo "== flow 1 at $RATE1 SAV/s for ${DURATION1}s (dispatcher poll ${POLL_MS} ms)"
    : >"$work/backlog"
    (while sleep 1; do flow_backlog >>"$work/backlog"; done) &
    local sampler=$!
    local out
    out=$("$OHA" -z "${DURATION1}s" -q "$RATE1" -c 8 --no-tui --output-format json -m POST \
        -H "$auth" -T application/json \
        -d '{"sale_ref": "A1", "typePb": "garantie", "serial_number": "SN-BENCH", "brand": "Samsung", "observations": "Ecran noir"}' \
        "http://127.0.0.1:$SAV_PORT/sav/create-sale-sav")
    kill "$sampler" 2>/dev/null || true
    local created
    created=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("statusCodeDistribution", {}).get("200", 0))' <<<"$out")
    # Drained: every SAV has its demand (at most 60 s more).
    local deadline=$((SECONDS + 60))
    until [ "$(flow_backlog)" = 0 ] || [ "$SECONDS" -ge "$deadline" ]; do sleep 0.5; done

    psql "${PG_ADMIN[@]}" -At -F ' ' -d bench_flow_sav -c 'SELECT id, extract(epoch FROM created_at) FROM savs' >"$work/savs"
    psql "${PG_ADMIN[@]}" -At -F ' ' -d bench_flow_rma -c 'SELECT sav_id, extract(epoch FROM created_at) FROM demands' >"$work/demands"
    python3 - "$work/savs" "$work/demands" "$work/backlog" "$created" <<'PY'
import sys
savs = dict(line.split() for line in open(sys.argv[1]) if line.strip())
demands = {}
for line in open(sys.argv[2]):
    if line.strip():
        sav, at = line.split()
        demands.setdefault(sav, []).append(float(at))
twice = sum(1 for ats in demands.values() if len(ats) > 1)
delays = sorted((min(demands[s]) - float(at)) * 1000 for s, at in savs.items() if s in demands)
missing = len(savs) - len(delays)
backlog = [int(float(b)) for b in open(sys.argv[3]) if b.strip()]
pct = lambda p: delays[min(len(delays) - 1, int(p / 100 * len(delays)))] if delays else float("nan")
print()
print("SAV created (200): %s; in the database: %d; with a demand: %d; without: %d; with more than one: %d"
      % (sys.argv[4], len(savs), len(delays), missing, twice))
print("delivery delay, SAV created -> demand at the RMA: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
      % (pct(50), pct(99), delays[-1] if delays else float("nan")))
if backlog:
    third = max(1, len(backlog) // 3)
    print("outbox backlog of sav.warranty_repair, per second: max %d; mean of the first third %.1f, of the last third %.1f; samples %s"
          % (max(backlog), sum(backlog[:third]) / third, sum(backlog[-third:]) / third, " ".join(map(str, backlog))))
PY
}
