#!/usr/bin/env bash
# Starts, stops and prepares the Docker daemon that the integration tests use.
#
#   scripts/docker-engine.sh start    install docker.io + busybox-static if missing (Debian, root),
#                                     start dockerd unless one answers, then make the test images
#   scripts/docker-engine.sh images   only make the test images (a daemon must answer)
#   scripts/docker-engine.sh stop     stop the daemon that this script started (by its pid file)
#   scripts/docker-engine.sh status   say whether a daemon answers
#
# No registry is reachable on CI machines: every image is made locally with `docker import`.
set -euo pipefail

STATE_DIR=${VOLUMES4J_DOCKERD_STATE:-/var/tmp/volumes4j-dockerd}
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"
SOCKET=/var/run/docker.sock
# The images the tests and examples use. Keep in sync with io.github.volumes4j.testkit.TestImages.
BUSYBOX_IMAGE=${VOLUMES4J_BUSYBOX_IMAGE:-volumes4j/busybox:test}

log() { echo "[docker-engine] $*" >&2; }

answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
}

# shellcheck source=apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

install_packages() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  [ -x /bin/busybox ] || need+=(busybox-static)
  if [ ${#need[@]} -gt 0 ]; then
    apt_install "${need[@]}" || { log "install Docker yourself"; exit 1; }
  fi
}

# Debian's compose v1 (docker-compose 1.29.2), whether or not this script starts the daemon: ComposeV1InteropIT
# checks that a real compose takes the volumes volumes-compose creates as its own (no compose v2 binary can be had
# on these machines). Without root or apt, the test says how to get it.
install_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  apt_install --no-install-recommends docker-compose || log "ComposeV1InteropIT needs docker-compose (compose v1)"
}

start_daemon() {
  mkdir -p "$STATE_DIR"
  log "starting dockerd (log: $LOG_FILE)"
  setsid dockerd --iptables=false --ip6tables=false >"$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 60); do
    if [ -S "$SOCKET" ] && answers; then
      log "dockerd answers on $SOCKET (API $(docker version --format '{{.Server.APIVersion}}'))"
      return 0
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      break
    fi
    sleep 1
  done
  log "dockerd did not answer within 60 s; last lines of its log:"
  tail -n 40 "$LOG_FILE" >&2 || true
  exit 1
}

make_images() {
  if docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
    log "image $BUSYBOX_IMAGE present"
    return 0
  fi
  local busybox
  busybox=$(command -v busybox || true)
  [ -n "$busybox" ] || busybox=/bin/busybox
  if [ ! -x "$busybox" ]; then
    log "busybox not found; install busybox-static"
    exit 1
  fi
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/data"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
  echo 'root:x:0:' > "$root/etc/group"
  chmod 1777 "$root/tmp"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' \
    --change 'LABEL io.github.volumes4j.test-image=busybox' \
    - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$root"
  log "imported $BUSYBOX_IMAGE"
}

case "${1:-start}" in
  start)
    if answers; then
      log "a Docker daemon already answers; not starting another"
    else
      install_packages
      start_daemon
    fi
    install_compose
    make_images
    ;;
  images)
    answers || { log "no Docker daemon answers; run '$0 start'"; exit 1; }
    make_images
    ;;
  stop)
    if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      pid=$(cat "$PID_FILE")
      log "stopping dockerd (pid $pid)"
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
    else
      log "no dockerd started by this script is running"
    fi
    ;;
  status)
    if answers; then log "a Docker daemon answers"; else log "no Docker daemon answers"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|images|stop|status" >&2
    exit 2
    ;;
esac
