# shellcheck shell=bash
# What scripts/neo4j.sh and scripts/kafka.sh share: both run one JVM service in the
# background from a run dir with a pid file, a state file and a lock. Sourced, not run.
# The caller sets SERVICE (its name in messages), RUN_DIR, PID_FILE, STATE_FILE and
# PROCESS_MATCH (a fixed string of the service's command line, to tell our process from a
# reused pid), and STOP_TIMEOUT.

log() { echo "$SERVICE: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# True if something accepts TCP connections on $1:$2.
# shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# Pid of our running service from the pid file, or empty (stale pid files are ignored).
running_pid() {
  [[ -f $PID_FILE ]] || return 0
  local pid
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$PROCESS_MATCH"; then
    echo "$pid"
  fi
}

# One invocation at a time per run dir.
lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w 600 9 || die "timed out waiting for the lock $RUN_DIR/.lock (another $SERVICE running?)"
}

# Fails loudly, naming the holder, when $HOST:$port is taken. Args: name port env-var.
check_port_free() {
  local name=$1 port=$2 var=$3
  [[ $port == 0 ]] && return 0
  if port_open "$HOST" "$port"; then
    local who=""
    command -v ss >/dev/null && who=$(ss -Hltnp "sport = :$port" 2>/dev/null | head -n 3)
    die "$name port $HOST:$port is already in use${who:+ by:
$who}
Stop that process (scripts/$SERVICE down, if it is ours) or set $var."
  fi
}

# SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL.
stop_pid() {
  local pid=$1 deadline=$((SECONDS + STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "pid $pid still alive after ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE" "$STATE_FILE"
}

cmd_down() {
  lock
  local pid
  pid=$(running_pid)
  if [[ -z $pid ]]; then
    rm -f "$PID_FILE" "$STATE_FILE"
    log "not running"
    return 0
  fi
  local t0=$SECONDS
  stop_pid "$pid"
  log "stopped pid $pid in $((SECONDS - t0))s"
}
