#!/usr/bin/env bash
# Starts and stops a rootful Podman service with its Docker-compatible API, for PodmanIT.
#
#   scripts/podman-engine.sh start    install podman if missing (Debian, root), then start
#                                     `podman system service` on /run/podman/podman.sock unless one answers
#   scripts/podman-engine.sh stop     stop the service that this script started (by its pid file)
#   scripts/podman-engine.sh status   say whether the service answers
set -euo pipefail

STATE_DIR=${VOLUMES4J_PODMAN_STATE:-/var/tmp/volumes4j-podman}
PID_FILE="$STATE_DIR/podman.pid"
LOG_FILE="$STATE_DIR/podman.log"
SOCKET=/run/podman/podman.sock

log() { echo "[podman-engine] $*" >&2; }
# shellcheck source=apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

answers() {
  [ -S "$SOCKET" ] && python3 - "$SOCKET" <<'PY' >/dev/null 2>&1
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(b"GET /_ping HTTP/1.1\r\nHost: podman\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
sys.exit(0 if data.startswith(b"HTTP/1.1 200") else 1)
PY
}

case "${1:-start}" in
  start)
    if answers; then
      log "a Podman service already answers on $SOCKET"
      exit 0
    fi
    if ! command -v podman >/dev/null 2>&1; then
      apt_install podman || exit 1
    fi
    mkdir -p "$STATE_DIR" "$(dirname "$SOCKET")"
    log "starting podman system service on $SOCKET (log: $LOG_FILE)"
    setsid podman system service --time=0 "unix://$SOCKET" >"$LOG_FILE" 2>&1 < /dev/null &
    echo $! > "$PID_FILE"
    for _ in $(seq 1 30); do
      if answers; then
        log "podman $(podman --version | awk '{print $3}') answers on $SOCKET"
        exit 0
      fi
      sleep 1
    done
    log "podman did not answer within 30 s; last lines of its log:"
    tail -n 20 "$LOG_FILE" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      log "stopping podman service (pid $(cat "$PID_FILE"))"
      kill "$(cat "$PID_FILE")" || true
      rm -f "$PID_FILE"
    else
      log "no podman service started by this script is running"
    fi
    ;;
  status)
    if answers; then log "a Podman service answers on $SOCKET"; else log "no Podman service answers"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
