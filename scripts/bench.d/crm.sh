# shellcheck shell=bash
# `scripts/bench crm` measures the CRM service (seed 004) on PostgreSQL and on SQLite, over a
# seeded database of 100,000 customers, each holding a fidelity card:
#   - the read: one customer, GET /api/data/{IdClient} (the row and its cards);
#   - the write: the fidelity credit, POST /api/credit with one ticket of 26 (a fresh ticket
#     id each request, over 1,024 cards: the ticket id checked, the holder found, the credit
#     recorded and added to the holder, in one transaction);
# each with the sav bench's figures (wrk at the maximum rate, then about half of it; CPU per
# request; peak resident memory; errors), and on PostgreSQL pgbench running the very SQL the
# service runs, the ceiling it is compared to;
#   - the import: 100,000 new rows (every field of the document's rows) in one
#     POST /api/update_db, its rate beside PostgreSQL's own COPY of the same rows into the same
#     table (in a transaction rolled back, so that the service then imports into the same
#     state), the service's resident memory sampled every 50 ms while it imports; then the same
#     rows again (all unchanged).
# The gateway runs only to issue the token.
#
# The data is written by the service itself, `crm seed` (services/crm/src/seed.rs, through its
# stores; its shape is described there, and services/crm/tests/seed.rs runs it in CI).

BENCH_TOOLS=(sqlite3 psql pgbench createdb dropdb)
BENCH_BUILD=(-p gateway -p crm)

CRM_CLIENTS=100000
# Not a divisor of wrk's threads' ranges of ticket ids (100,000, and 50,000 at half the rate),
# so that its two threads, keeping pace, do not meet on one holder's row.
CRM_CREDIT_CARDS=1024
CRM_CREDITS=200000 # fresh ticket ids S… of the service's credits
CRM_IMPORT_ROWS=100000
CRM_PG_URL=postgres://postgres@127.0.0.1:5432/bench_crm
# Customer 50,000 of the seed (services/crm/src/seed.rs, `id_client`).
CRM_READ_ID=00000000-0000-4000-8000-000000050000
# The import's body is about 21 MB: above the default limit of 16 MiB.
CRM_BODY_LIMIT=$((64 * 1024 * 1024))

# The service's settings for the database URL $1, as arguments of env (a plain command, so that
# `env … &` gives the service's own pid: env execs it). As many connections as wrk's and
# pgbench's clients, as in customers.sh: a write waits on its commit, and with fewer
# connections the clients queue for one, which pgbench's never do.
crm_env() {
    crm_vars=(CRM__DATABASE__URL="$1" CRM__HTTP__PORT="$CRM_PORT" CRM__LOG__FILTER=warn
        CRM__DATABASE__POOL_SIZE="$SERVICE_CONNECTIONS" CRM__HTTP__BODY_LIMIT_BYTES="$CRM_BODY_LIMIT"
        CRM__AUTH__JWKS_URL="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json")
}

# Migrates and seeds the database URL $1 ($2 names the log) with the service's own `seed`.
seed_crm() {
    crm_env "$1"
    env "${crm_vars[@]}" target/release/crm seed --clients "$CRM_CLIENTS" >>"$work/crm-$2.log"
    echo "   $(tail -n 1 "$work/crm-$2.log")"
}

# Starts the service on the database URL $1 (seeded); sets svc_pid. The first request fetches
# the gateway's keys and shows that the service reads the seeded rows.
start_crm() {
    crm_env "$1"
    port_free "$CRM_PORT"
    env "${crm_vars[@]}" target/release/crm >>"$work/crm-$2.log" 2>&1 &
    svc_pid=$!
    pids+=("$svc_pid")
    wait_ready "http://127.0.0.1:$CRM_PORT/readyz"
    crm_read_shape=$(curl -fsS -H "$auth" "http://127.0.0.1:$CRM_PORT/api/data/$CRM_READ_ID" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if len(d) != 1 or d[0]["Nom"] != "Nom50000" or d[0]["carteFid"] != [50000]:
    sys.exit("customer 50000 of the seed should be there with its card: %s" % d)
print("1 customer, 1 card, %d bytes" % len(json.dumps(d)))')
}

# One fresh ticket id per request: thread i takes S(i*range+1)…S((i+1)*range) (the run at half
# the rate the second half of them), so no ticket is credited twice; the card goes round the
# first CRM_CREDIT_CARDS.
credit_lua() {
    {
        lua_write_prologue POST $((CRM_CREDITS / 2))
        cat <<LUA
local cards = $CRM_CREDIT_CARDS

function request()
    if offset + sent >= range then
        wrk.thread:stop()
    else
        sent = sent + 1
    end
    local n = first + offset + sent
    local body = string.format('{"Tickets":[{"carteFid":%d,"Montant":26,"id":"S%07d"}]}', n % cards + 1, n)
    return wrk.format(nil, nil, nil, body)
end

LUA
        lua_status_tally 200
    } >"$work/credit.lua"
}

# pgbench's ceiling for the read: the two statements the service sends (the customer by its
# IdClient, then its cards), prepared, the IdClient as a literal (the service binds it).
pgbench_crm_read() {
    cat >"$work/crm-read.sql" <<SQL
SELECT clients.id, clients.id_client, clients.nom, clients.prenom, clients.credit_cents,
       clients.date_paiement, clients.montant_cents, clients.nb_refus, clients.compte, clients.age,
       clients.sexe, clients.email, clients.email_key, clients.phone, clients.panier_moyen_cents
FROM clients WHERE clients.id_client = '$CRM_READ_ID' LIMIT 1 \gset c_
SELECT fidelity_cards.client_id, fidelity_cards.carte_fid FROM fidelity_cards
WHERE fidelity_cards.client_id = ANY(ARRAY[:c_id]::bigint[])
ORDER BY fidelity_cards.client_id, fidelity_cards.carte_fid;
SQL
    run_pgbench pg:read "$work/crm-read.sql" bench_crm
}

# pgbench's ceiling for the credit: the service's transaction statement for statement, a random
# ticket id of its own (P…) and one of the same cards.
pgbench_crm_credit() {
    cat >"$work/crm-credit.sql" <<SQL
\set card random(1, $CRM_CREDIT_CARDS)
\set unique random(1, 4000000000000000000)
BEGIN;
SELECT credits.credited_cents FROM credits WHERE credits.ticket_id = 'P' || :unique LIMIT 1;
SELECT fidelity_cards.client_id FROM fidelity_cards WHERE fidelity_cards.carte_fid = :card LIMIT 1 \gset h_
INSERT INTO credits (ticket_id, carte_fid, client_id, montant_cents, credited_cents, created_at)
VALUES ('P' || :unique, :card, :h_client_id, 2600, 1300, (now() AT TIME ZONE 'UTC'));
UPDATE clients SET credit_cents = clients.credit_cents + 1300 WHERE clients.id = :h_client_id;
COMMIT;
SQL
    run_pgbench pg:credit "$work/crm-credit.sql" bench_crm
}

pg_credits() { psql "${PG_ADMIN[@]}" -d bench_crm -tAc "SELECT count(*) FROM credits WHERE ticket_id LIKE 'S%'"; }
sqlite_credits() { sqlite3 "$work/crm.db" ".timeout 5000" "SELECT count(*) FROM credits WHERE ticket_id LIKE 'S%'"; }

# The import's rows, as the service's JSON body and as the CSV of PostgreSQL's COPY (the columns
# the service writes, each row's IdClient a fresh UUID as the service makes them).
crm_import_files() {
    python3 - "$CRM_IMPORT_ROWS" "$work/import.json" "$work/import.csv" <<'PY'
import csv, json, sys, uuid
rows, body, table = int(sys.argv[1]), sys.argv[2], sys.argv[3]
clients = []
with open(table, "w", newline="") as out:
    writer = csv.writer(out)
    for n in range(1, rows + 1):
        credit, montant, age = (n % 1000) * 50, (n % 5000) * 100, 18 + n % 60
        sexe, email = ("f" if n % 2 else "h"), "import%d@bench.test" % n
        date = "2025-%02d-%02d" % (n % 12 + 1, n % 28 + 1)
        row = {"Nom": "Import%d" % n, "Prenom": "Bench", "Credit": credit / 100,
               "Date_paiement": date, "Montant": montant // 100, "NbRefus": n % 3,
               "Compte": "I%08d" % n, "Age": age, "Sexe": sexe, "Email": email,
               "Phone": "07%08d" % n, "PanierMoyen": montant // 400}
        clients.append(row)
        writer.writerow([uuid.uuid4(), row["Nom"], row["Prenom"], credit, date, montant, n % 3,
                         row["Compte"], age, sexe, email, email.lower(), row["Phone"],
                         (montant // 400) * 100, "2025-01-01 09:00:00", "2025-01-01 09:00:00"])
with open(body, "w") as out:
    json.dump({"clients": clients}, out, separators=(",", ":"))
PY
}

# PostgreSQL's COPY of the import's rows into the seeded table, rolled back (and the table
# vacuumed), so that the service's import meets the same state; sets copy_seconds.
crm_copy() {
    local started ended out
    started=$(date +%s.%N)
    out=$(psql "${PG_ADMIN[@]}" -d bench_crm -v ON_ERROR_STOP=1 <<SQL
BEGIN;
\copy clients (id_client, nom, prenom, credit_cents, date_paiement, montant_cents, nb_refus, compte, age, sexe, email, email_key, phone, panier_moyen_cents, created_at, updated_at) FROM '$work/import.csv' WITH (FORMAT csv)
ROLLBACK;
SQL
    )
    ended=$(date +%s.%N)
    copy_seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.3f", b - a}')
    copy_answer=$(grep '^COPY ' <<<"$out")
    if [ "$copy_answer" != "COPY $CRM_IMPORT_ROWS" ]; then
        echo "COPY did not write the $CRM_IMPORT_ROWS rows: $out" >&2
        exit 1
    fi
    psql "${PG_ADMIN[@]}" -d bench_crm -qc "VACUUM ANALYZE clients"
}

# The import's body sent once ($1: the figures' name, $2: the count expected in the answer:
# created or unchanged), the service's resident memory sampled every 50 ms while it imports.
crm_import() {
    local name=$1 expect=$2 out curl_pid max=0 kib
    out="$work/import-$name.out"
    curl -sS -o "$out" -w '%{http_code} %{time_total}\n' --max-time 900 -X POST \
        -H "$auth" -H 'Content-Type: application/json' --data-binary "@$work/import.json" \
        "http://127.0.0.1:$CRM_PORT/api/update_db" >"$out.status" &
    curl_pid=$!
    while kill -0 "$curl_pid" 2>/dev/null; do
        kib=$(awk '/^VmRSS/ {print $2}' "/proc/$svc_pid/status")
        [ "$kib" -le "$max" ] || max=$kib
        sleep 0.05
    done
    wait "$curl_pid" || true
    import_status[$name]=$(awk '{print $1}' "$out.status")
    import_seconds[$name]=$(awk '{print $2}' "$out.status")
    import_rss[$name]=$(awk -v k="$max" 'BEGIN {printf "%.1f", k / 1024}')
    import_answer[$name]=$(head -c 300 "$out")
    if [ "${import_status[$name]}" != 200 ] ||
        ! python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))[sys.argv[2]] != int(sys.argv[3]))' \
            "$out" "$expect" "$CRM_IMPORT_ROWS" 2>/dev/null; then
        import_answer[$name]="UNEXPECTED: ${import_answer[$name]}"
    fi
    echo "   $name: HTTP ${import_status[$name]} in ${import_seconds[$name]} s, RSS sampled up to ${import_rss[$name]} MiB: ${import_answer[$name]}"
}

declare -A import_status import_seconds import_rss import_answer import_hwm

# One backend ($1: pg or sqlite) on the database URL $2: seed (and migrate), start, measure, and
# on PostgreSQL the pgbench ceilings and the COPY.
bench_crm_on() {
    local backend=$1 url=$2 label
    label=$([ "$backend" = pg ] && echo PostgreSQL || echo SQLite)
    echo "== $label: seeding $CRM_CLIENTS customers and their cards"
    seed_crm "$url" "$backend"
    start_crm "$url" "$backend"
    echo "== $label: read ${DURATION}s at max rate, then ${DURATION}s at half of it"
    measure_read "$backend:read" "http://127.0.0.1:$CRM_PORT/api/data/$CRM_READ_ID"
    echo "== $label: credit ${DURATION}s at max rate, then at about half of it"
    measure_write "$backend:credit" "${backend}_credits" "http://127.0.0.1:$CRM_PORT/api/credit" \
        "$work/credit.lua" "credits"
    rss[$backend]=$(peak_rss)
    if [ "$backend" = pg ]; then
        echo "== PostgreSQL: pgbench, the same SQL"
        pgbench_crm_read
        pgbench_crm_credit
        echo "== PostgreSQL: COPY of the $CRM_IMPORT_ROWS rows"
        crm_copy
        echo "   $copy_answer (rolled back) in $copy_seconds s, psql's start included"
    fi
    echo "== $label: import of $CRM_IMPORT_ROWS rows, then the same rows again"
    crm_import "$backend:import" created
    crm_import "$backend:again" unchanged
    import_hwm[$backend]=$(peak_rss)
    stop_service
}

report_crm() {
    local names=(pg:read pg:credit sqlite:read sqlite:credit) name backend
    echo
    echo "read   = GET /api/data/$CRM_READ_ID ($crm_read_shape)"
    echo "credit = POST /api/credit, one ticket of 26, a fresh ticket id each, over $CRM_CREDIT_CARDS cards"
    report_table "${names[@]}"
    echo
    report_details "${names[@]}"
    echo
    awk -v s="${rps[pg:read]}" -v b="${baseline[pg:read]}" \
        'BEGIN {printf "pg read:   service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 50%%)\n", s, b, 100 * s / b}'
    awk -v s="${rps[pg:credit]}" -v b="${baseline[pg:credit]}" \
        'BEGIN {printf "pg credit: service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 70%%)\n", s, b, 100 * s / b}'
    for name in pg:read sqlite:read; do
        echo "$name p99 at half the maximum rate: ${fixed99[$name]} ms (goal <= 5)"
    done
    for name in pg:credit sqlite:credit; do
        echo "$name p99 at about half the maximum rate: ${fixed99[$name]} ms (goal <= 10)"
        echo "$name errors (non-200, socket errors): ${errors[$name]} (goal: none)"
    done
    for backend in pg sqlite; do
        echo "$backend peak RSS over the read and the credit: ${rss[$backend]} MiB"
    done
    echo
    awk -v n="$CRM_IMPORT_ROWS" -v c="$copy_seconds" \
        'BEGIN {printf "COPY (PostgreSQL): %d rows in %.3f s = %.0f rows/s\n", n, c, n / c}'
    for name in pg:import pg:again sqlite:import sqlite:again; do
        awk -v m="$name" -v n="$CRM_IMPORT_ROWS" -v s="${import_seconds[$name]}" -v c="$copy_seconds" \
            -v r="${import_rss[$name]}" -v h="${import_status[$name]}" \
            'BEGIN {printf "%-14s HTTP %s, %d rows in %.3f s = %.0f rows/s = %.0f%% of COPY (goal >= 25%% for the import), RSS sampled up to %s MiB (goal < 64)\n", m, h, n, s, n / s, 100 * c / s, r}'
        echo "               ${import_answer[$name]}"
    done
    for backend in pg sqlite; do
        echo "$backend peak RSS of the whole run, imports included: ${import_hwm[$backend]} MiB (goal < 64)"
    done
}

bench_main() {
    issue_token bench ""
    credit_lua
    crm_import_files
    bench_db=bench_crm
    dropdb --if-exists --force "${PG_ADMIN[@]}" bench_crm
    createdb "${PG_ADMIN[@]}" bench_crm
    bench_crm_on pg "$CRM_PG_URL"
    dropdb --force "${PG_ADMIN[@]}" bench_crm
    bench_db=""
    bench_crm_on sqlite "$work/crm.db"
    report_crm
}
