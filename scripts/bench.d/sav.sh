# shellcheck shell=bash
# `scripts/bench sav` measures the SAV service's hot read (GET /api/customer/sav-status, the
# chatbot's and support tools' lookup) and hot write (POST /api/sav, the chatbot's
# forgotten-coupon ticket) on PostgreSQL and on SQLite, over a seeded database of 100,000 SAV:
#   - maximum throughput and latency (wrk, 16 connections, DURATION seconds);
#   - read latency at half that maximum (oha with latency correction); write latency at about
#     half (wrk again, each connection pausing between requests: oha repeats one body);
#   - server CPU per request and the service's peak resident memory (from /proc);
#   - on PostgreSQL, pgbench running the very SQL the service runs, the ceiling it is compared to.
# The gateway runs only to issue the token.
#
# The data is written by the service itself, `sav seed` (services/sav/src/seed.rs, through its
# stores; its shape is described there, and services/sav/tests/seed.rs runs it in CI): 100,000
# SAV on 20,000 complete orders of 10,000 customers, the bench customer's 10 SAV on two orders,
# and 200,000 W… and as many P… orders the chatbot may open a ticket on (processing, no coupon).

BENCH_TOOLS=(sqlite3 psql pgbench createdb dropdb)
BENCH_BUILD=(-p gateway -p sav)

SAVS=100000
CUSTOMERS=10000     # customer<N>@example.com
FRESH_ORDERS=200000 # W… for the service, P… for pgbench
BENCH_EMAIL=bench@example.com
PG_URL=postgres://postgres@127.0.0.1:5432/bench_sav
READ_PATH="/api/customer/sav-status?email=$BENCH_EMAIL"
WRITE_PATH=/api/sav

# The service's settings for the database URL $1, as arguments of env (a plain command, so that
# `env … &` gives the service's own pid: env execs it).
sav_env() {
    sav_vars=(SAV__DATABASE__URL="$1" SAV__HTTP__PORT="$SAV_PORT" SAV__LOG__FILTER=warn
        SAV__AUTH__JWKS_URL="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json"
        SAV__DATABASE__POOL_SIZE=8)
}

# Migrates and seeds the database URL $1 ($2 names the log) with the service's own `seed`.
seed_sav() {
    sav_env "$1"
    env "${sav_vars[@]}" target/release/sav seed --savs $SAVS --customers $CUSTOMERS \
        --fresh-orders $FRESH_ORDERS >>"$work/sav-$2.log"
    echo "   $(tail -n 1 "$work/sav-$2.log")"
}

# Starts the service on the database URL $1 (seeded); sets svc_pid, the pid measured.
start_sav() {
    sav_env "$1"
    port_free "$SAV_PORT"
    env "${sav_vars[@]}" target/release/sav >>"$work/sav-$2.log" 2>&1 &
    svc_pid=$!
    pids+=("$svc_pid")
    wait_ready "http://127.0.0.1:$SAV_PORT/readyz"
    # The first request fetches the gateway's keys (kept out of the measurements), and shows
    # that the service reads the seeded rows: the bench customer's 10 SAV and their products.
    read_shape=$(curl -fsS -H "$auth" "http://127.0.0.1:$SAV_PORT$READ_PATH" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if d["totalSav"] != 10 or len(d["savRecords"]) != 10:
    sys.exit("the bench customer should have 10 SAV: %s" % d["totalSav"])
print("%d SAV, %d products" % (d["totalSav"], sum(len(r["products"]) for r in d["savRecords"])))')
}

# One fresh order per request: thread i takes W(i*range+1)…W((i+1)*range), so no two requests
# share an order and the run cannot go past the seeded ones. Statuses are counted per thread and
# summed at the end, with the first non-200 body as a sample.
write_lua() {
    {
        lua_write_prologue POST $((FRESH_ORDERS / 2))
        cat <<LUA
function request()
    if offset + sent >= range then
        -- Out of fresh orders: stop rather than reuse one (the repeat answers 409, an error).
        wrk.thread:stop()
    else
        sent = sent + 1
    end
    local body = string.format('{"increment_id":"W%06d","sav_type":"oublie de code promo",'
        .. '"coupon_code":"SUMMER10","commercial_offer_percentage":10}', first + offset + sent)
    return wrk.format(nil, nil, nil, body)
end

LUA
        lua_status_tally 200
    } >"$work/write.lua"
}

# pgbench's ceiling for the read: the three statements the service sends for the request (the
# count, the page joined to its order number, the page's products), prepared, with the bench
# customer's email and page ids as literals (the service binds them; its COUNT has no join).
pgbench_read() {
    local ids
    ids=$(psql "${PG_ADMIN[@]}" -d bench_sav -tAc "SELECT string_agg(id::text, ',' ORDER BY created_at DESC, id DESC)
        FROM savs WHERE customer_email = '$BENCH_EMAIL' AND archived = false")
    cat >"$work/read.sql" <<SQL
SELECT COUNT(*) FROM savs WHERE savs.customer_email = '$BENCH_EMAIL' AND savs.archived = false;
SELECT savs.id, savs.sale_id, savs.status, savs.type_pb, savs.claim_date, savs.created_at,
       savs.validated_at, savs.updated_at, savs.customer_name, savs.customer_email,
       savs.customer_phone, savs.observations, savs.propositions, savs.final_action,
       savs.date_retour, savs.pickup_rdv_date, savs.communication_type, savs.archived,
       sales.increment_id
FROM savs INNER JOIN sales ON savs.sale_id = sales.id
WHERE savs.customer_email = '$BENCH_EMAIL' AND savs.archived = false
ORDER BY savs.created_at DESC, savs.id DESC LIMIT 50 OFFSET 0;
SELECT sav_products.sav_id, sav_products.sku, sav_products.name, sav_products.quantity
FROM sav_products WHERE sav_products.sav_id = ANY ('{$ids}'::bigint[]) ORDER BY sav_products.id ASC;
SQL
    run_pgbench pg:read "$work/read.sql" bench_sav
}

# pgbench's ceiling for the write: the service's transaction statement for statement, on the
# P… orders. The SAV type is 'bench' so that a random order drawn twice does not meet the unique
# index of open forgotten-coupon SAV; the existence check still asks what the service asks.
pgbench_write() {
    cat >"$work/write.sql" <<SQL
\set n random(1, $FRESH_ORDERS)
BEGIN;
SELECT sales.id, sales.increment_id, sales.customer_email, sales.customer_name,
       sales.customer_phone, sales.grand_total_cents, sales.coupon_code, sales.status,
       sales.created_at, sales.updated_at
FROM sales WHERE sales.increment_id = 'P' || lpad(:n::text, 6, '0') LIMIT 1 FOR UPDATE \gset s_
SELECT EXISTS (SELECT savs.id FROM savs WHERE savs.sale_id = :s_id
               AND savs.type_pb = 'oublie de code promo' AND savs.archived = false);
INSERT INTO savs (sale_id, status, type_pb, claim_date, created_at, validated_at, updated_at,
                  customer_name, customer_email, customer_phone, observations, propositions,
                  final_action, date_retour, pickup_rdv_date, communication_type, archived)
VALUES (:s_id, 1, 'bench', CURRENT_DATE, LOCALTIMESTAMP, LOCALTIMESTAMP, LOCALTIMESTAMP,
        :s_customer_name, :s_customer_email, :s_customer_phone,
        'Code promo oublié : SUMMER10 (chatbot)', 'Geste commercial de 10.00 % : 20.00 €',
        'geste commercial', NULL, NULL, 'chatbot', false)
RETURNING savs.id \gset v_
DELETE FROM sav_products WHERE sav_products.sav_id = :v_id;
INSERT INTO sav_status_history (sav_id, from_status, to_status, actor, changed_at)
VALUES (:v_id, NULL, 1, 'cl_bench', LOCALTIMESTAMP);
\set gesture :s_grand_total_cents / 10
INSERT INTO pre_refunds (sav_id, sale_id, amount_cents, status, created_at)
VALUES (:v_id, :s_id, :gesture, 'pending', LOCALTIMESTAMP);
COMMIT;
SQL
    run_pgbench pg:write "$work/write.sql" bench_sav
}

pg_tickets() { psql "${PG_ADMIN[@]}" -d bench_sav -tAc "SELECT count(*) FROM pre_refunds"; }
sqlite_tickets() { sqlite3 "$work/sav.db" ".timeout 5000" "SELECT count(*) FROM pre_refunds"; }

bench_postgres() {
    echo "== PostgreSQL: seeding bench_sav"
    bench_db=bench_sav
    dropdb --if-exists --force "${PG_ADMIN[@]}" bench_sav
    createdb "${PG_ADMIN[@]}" bench_sav
    seed_sav "$PG_URL" pg
    start_sav "$PG_URL" pg
    echo "== PostgreSQL: read ${DURATION}s at max rate, then ${DURATION}s at half of it; pgbench"
    measure_read pg:read "http://127.0.0.1:$SAV_PORT$READ_PATH"
    pgbench_read
    echo "== PostgreSQL: write ${DURATION}s at max rate; pgbench"
    measure_write pg:write pg_tickets "http://127.0.0.1:$SAV_PORT$WRITE_PATH" "$work/write.lua" pre-refunds
    pgbench_write
    rss[pg]=$(peak_rss)
    stop_service
    dropdb --force "${PG_ADMIN[@]}" bench_sav
    bench_db=""
}

bench_sqlite() {
    echo "== SQLite: seeding $work/sav.db"
    seed_sav "$work/sav.db" sqlite
    start_sav "$work/sav.db" sqlite
    echo "== SQLite: read ${DURATION}s at max rate, then ${DURATION}s at half of it"
    measure_read sqlite:read "http://127.0.0.1:$SAV_PORT$READ_PATH"
    echo "== SQLite: write ${DURATION}s at max rate"
    measure_write sqlite:write sqlite_tickets "http://127.0.0.1:$SAV_PORT$WRITE_PATH" "$work/write.lua" pre-refunds
    rss[sqlite]=$(peak_rss)
    stop_service
}

report_sav() {
    local names=(pg:read pg:write sqlite:read sqlite:write) name backend
    echo
    echo "read  = GET $READ_PATH ($read_shape)"
    echo "write = POST $WRITE_PATH (chatbot forgotten-coupon ticket, a fresh order each)"
    report_table "${names[@]}"
    echo "@half for the write: wrk with each connection pausing between requests, about half the"
    echo "  maximum rate (oha sends the same body every time, and a repeated order is refused)."
    echo
    report_details "${names[@]}"
    echo
    awk -v s="${rps[pg:read]}" -v b="${baseline[pg:read]}" \
        'BEGIN {printf "pg read:  service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 40%%)\n", s, b, 100 * s / b}'
    awk -v s="${rps[pg:write]}" -v b="${baseline[pg:write]}" \
        'BEGIN {printf "pg write: service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 70%%)\n", s, b, 100 * s / b}'
    for name in pg:write sqlite:write; do
        echo "$name p99 at about half the maximum rate: ${fixed99[$name]} ms (goal <= 10)"
        echo "$name errors (non-200, socket errors): ${errors[$name]} (goal: none)"
    done
    for backend in pg sqlite; do
        echo "$backend peak RSS: ${rss[$backend]} MiB (goal < 48)"
    done
}

bench_main() {
    issue_token bench "sales_write sav_read sav_write"
    write_lua
    bench_postgres
    bench_sqlite
    report_sav
}
