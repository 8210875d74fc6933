# Sourced by docker-engine.sh and podman-engine.sh (which define log): installs Debian packages as root,
# or says why it cannot and returns 1.
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing $* and cannot install (needs root on Debian)"
    return 1
  fi
  log "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$@" >/dev/null
}
