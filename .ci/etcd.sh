#!/usr/bin/env bash
# Makes sure an etcd answers on 127.0.0.1:2379 for the integration tests (sync-etcd).
# Installs Debian's etcd-server when no `etcd` is on PATH, starts it in the background with a temporary
# data dir when nothing listens on 2379, and waits (at most 60 s) until it reports healthy.
set -euo pipefail

ENDPOINT=127.0.0.1:2379

listening() {
  (exec 3<>/dev/tcp/127.0.0.1/2379) 2>/dev/null
}

healthy() {
  curl -fsS --max-time 2 "http://$ENDPOINT/health" 2>/dev/null | grep -q '"health":"true"'
}

if ! listening; then
  if ! command -v etcd >/dev/null 2>&1; then
    echo "etcd.sh: installing etcd-server" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
    # Debian's package may start a system etcd of its own; that one also answers on 2379, which is fine.
  fi
fi

if ! listening; then
  DATA_DIR="$(mktemp -d /tmp/etcd-data.XXXXXX)"
  LOG="$DATA_DIR.log"
  echo "etcd.sh: starting etcd on $ENDPOINT (data $DATA_DIR, log $LOG)" >&2
  nohup etcd --name ci --data-dir "$DATA_DIR" \
    --listen-client-urls "http://$ENDPOINT" --advertise-client-urls "http://$ENDPOINT" \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster ci=http://127.0.0.1:2380 >"$LOG" 2>&1 &
fi

for _ in $(seq 1 60); do
  if healthy; then
    echo "etcd.sh: etcd healthy on $ENDPOINT" >&2
    exit 0
  fi
  sleep 1
done
echo "etcd.sh: etcd not healthy on $ENDPOINT after 60 s" >&2
exit 1
