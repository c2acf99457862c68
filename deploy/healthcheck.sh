#!/usr/bin/env bash
# healthcheck PORT [PATH]: exit 0 when GET http://127.0.0.1:PORT/PATH answers 200, else 1.
# The runtime image has no curl; bash's /dev/tcp speaks just enough HTTP/1.1 for a probe.
# Used by deploy/compose.yaml (`healthcheck 8081` checks /readyz of sav). Kubernetes uses its
# own httpGet probes instead.
set -u
port=${1:?usage: healthcheck PORT [PATH]}
path=${2:-/readyz}
exec timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
    IFS= read -r status <&3 || exit 1
    cat <&3 >/dev/null  # drain the rest (the server closes: Connection: close)
    case $status in
        "HTTP/1."?" 200 "*) exit 0 ;;
        *) echo "$status" >&2; exit 1 ;;
    esac
' healthcheck "$port" "$path"
