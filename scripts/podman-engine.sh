#!/usr/bin/env bash
# Starts and stops a rootful Podman service with its Docker-compatible API, for PodmanIT, and a
# rootless one (a user of its own), for PodmanRootlessIT.
#
#   scripts/podman-engine.sh start    install podman if missing (Debian, root), then start
#                                     `podman system service` on /run/podman/podman.sock unless one answers
#   scripts/podman-engine.sh stop     stop the service that this script started (by its pid file)
#   scripts/podman-engine.sh status   say whether the service answers
#   scripts/podman-engine.sh start-rootless | stop-rootless | status-rootless
#                                     the same for a rootless service: user volumes4j-rootless (made when
#                                     missing, with subordinate ids), socket /run/volumes4j-rootless/podman.sock.
#                                     Its containers need --network none here: /dev/net/tun is root's
#                                     only, so slirp4netns cannot start (seen on this kind of machine).
set -euo pipefail

STATE_DIR=${VOLUMES4J_PODMAN_STATE:-/var/tmp/volumes4j-podman}
PID_FILE="$STATE_DIR/podman.pid"
LOG_FILE="$STATE_DIR/podman.log"
SOCKET=/run/podman/podman.sock
ROOTLESS_USER=volumes4j-rootless
ROOTLESS_DIR=/run/volumes4j-rootless
ROOTLESS_SOCKET=$ROOTLESS_DIR/podman.sock
ROOTLESS_PID_FILE="$STATE_DIR/podman-rootless.pid"
ROOTLESS_LOG_FILE="$STATE_DIR/podman-rootless.log"

log() { echo "[podman-engine] $*" >&2; }
# shellcheck source=apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

answers() {
  local socket=${1:-$SOCKET}
  [ -S "$socket" ] && python3 - "$socket" <<'PY' >/dev/null 2>&1
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
  start-rootless)
    if answers "$ROOTLESS_SOCKET"; then
      log "a rootless Podman service already answers on $ROOTLESS_SOCKET"
      exit 0
    fi
    if ! command -v podman >/dev/null 2>&1; then
      apt_install podman || exit 1
    fi
    if ! id "$ROOTLESS_USER" >/dev/null 2>&1; then
      log "creating user $ROOTLESS_USER for the rootless service"
      useradd --create-home --shell /bin/bash "$ROOTLESS_USER"
    fi
    if ! grep -q "^$ROOTLESS_USER:" /etc/subuid || ! grep -q "^$ROOTLESS_USER:" /etc/subgid; then
      usermod --add-subuids 300000-365535 --add-subgids 300000-365535 "$ROOTLESS_USER"
    fi
    mkdir -p "$STATE_DIR" "$ROOTLESS_DIR"
    chown "$ROOTLESS_USER" "$ROOTLESS_DIR"
    log "starting a rootless podman system service as $ROOTLESS_USER on $ROOTLESS_SOCKET (log: $ROOTLESS_LOG_FILE)"
    setsid su - "$ROOTLESS_USER" -c "exec podman system service --time=0 unix://$ROOTLESS_SOCKET" \
      >"$ROOTLESS_LOG_FILE" 2>&1 < /dev/null &
    echo $! > "$ROOTLESS_PID_FILE"
    for _ in $(seq 1 30); do
      if answers "$ROOTLESS_SOCKET"; then
        log "rootless podman answers on $ROOTLESS_SOCKET"
        exit 0
      fi
      sleep 1
    done
    log "rootless podman did not answer within 30 s; last lines of its log:"
    tail -n 20 "$ROOTLESS_LOG_FILE" >&2 || true
    exit 1
    ;;
  stop-rootless)
    if [ -f "$ROOTLESS_PID_FILE" ] && kill -0 "$(cat "$ROOTLESS_PID_FILE")" 2>/dev/null; then
      log "stopping the rootless podman service (session $(cat "$ROOTLESS_PID_FILE"))"
      kill -- -"$(cat "$ROOTLESS_PID_FILE")" 2>/dev/null || kill "$(cat "$ROOTLESS_PID_FILE")" || true
      rm -f "$ROOTLESS_PID_FILE"
    else
      log "no rootless podman service started by this script is running"
    fi
    ;;
  status-rootless)
    if answers "$ROOTLESS_SOCKET"; then log "a rootless Podman service answers on $ROOTLESS_SOCKET"
    else log "no rootless Podman service answers"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status|start-rootless|stop-rootless|status-rootless" >&2
    exit 2
    ;;
esac
