#!/usr/bin/env bash
# Local Neo4j Community 5.26 server (embedded, from Maven jars; no Docker) for tests and local use.
#
#   scripts/neo4j.sh up                 build if needed, start in background, wait until ready
#   scripts/neo4j.sh down               SIGTERM, wait (NEO4J_STOP_TIMEOUT), then SIGKILL
#   scripts/neo4j.sh status             exit 0 running+answering, 1 running but not answering, 3 stopped
#   scripts/neo4j.sh admin-import ARGS  neo4j-admin database import full ARGS (server must be down)
#   scripts/neo4j.sh admin ARGS         any neo4j-admin (org.neo4j.cli.AdminTool) command
#   scripts/neo4j.sh build              (re)build graphstore/neo4j/server if its sources changed
#
# Environment (defaults):
#   NEO4J_RUN_DIR=.neo4j         pid file, neo4j.log, and the home dir; relative = repo-relative
#   NEO4J_HOME_DIR=$RUN_DIR/home Neo4j home: data/, logs/debug.log, conf/neo4j.conf (optional)
#   NEO4J_LISTEN_ADDRESS=127.0.0.1  NEO4J_BOLT_PORT=7687  NEO4J_HTTP_PORT=7474 (0 = no HTTP)
#   NEO4J_PASSWORD unset/empty   auth off; set => auth on, NEO4J_USERNAME (neo4j) gets that password
#   NEO4J_HEAP=1g  NEO4J_PAGECACHE=128m  NEO4J_JAVA_OPTS=  JAVA=java (or $JAVA_HOME/bin/java)
#   NEO4J_START_TIMEOUT=120 (s)  NEO4J_STOP_TIMEOUT=60 (s)
#
# Neo4j Browser: http://127.0.0.1:7474/browser/   Bolt: neo4j://127.0.0.1:7687 (or bolt://)
#
# Bulk import (what admin-import runs; verified with a tiny CSV set, then `up` served the data):
#   NEO4J_HOME=$HOME_DIR NEO4J_CONF=$HOME_DIR/conf \
#   java -Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
#        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
#        -cp 'graphstore/neo4j/server/target/classes:graphstore/neo4j/server/target/lib/*' \
#        org.neo4j.cli.AdminTool database import full --report-file=$RUN_DIR/import.report \
#        neo4j --nodes=people.csv --nodes=orgs.csv --relationships=works.csv
#   i.e.  scripts/neo4j.sh admin-import neo4j --nodes=people.csv --relationships=works.csv
#   Put the database name (neo4j, the only one Community serves) BEFORE --nodes/--relationships:
#   those take several files, so a trailing "neo4j" is read as a file. Add
#   --overwrite-destination if the home already has a database; --max-off-heap-memory=2G to cap
#   its off-heap use (default 90% of free RAM).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER_DIR=$ROOT/graphstore/neo4j/server
RUN_DIR=${NEO4J_RUN_DIR:-.neo4j}
[[ $RUN_DIR == /* ]] || RUN_DIR=$ROOT/$RUN_DIR
HOME_DIR=${NEO4J_HOME_DIR:-$RUN_DIR/home}
[[ $HOME_DIR == /* ]] || HOME_DIR=$ROOT/$HOME_DIR
PID_FILE=$RUN_DIR/neo4j.pid
LOG_FILE=$RUN_DIR/neo4j.log
STATE_FILE=$RUN_DIR/neo4j.state   # what the running server was started with

HOST=${NEO4J_LISTEN_ADDRESS:-127.0.0.1}
BOLT_PORT=${NEO4J_BOLT_PORT:-7687}
HTTP_PORT=${NEO4J_HTTP_PORT:-7474}
HEAP=${NEO4J_HEAP:-1g}
START_TIMEOUT=${NEO4J_START_TIMEOUT:-120}
STOP_TIMEOUT=${NEO4J_STOP_TIMEOUT:-60}
if [[ -z ${JAVA:-} ]]; then
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
fi
export NEO4J_LISTEN_ADDRESS=$HOST NEO4J_BOLT_PORT=$BOLT_PORT NEO4J_HTTP_PORT=$HTTP_PORT

CLASSPATH_ARG="$SERVER_DIR/target/classes:$SERVER_DIR/target/lib/*"
# Java 17: the set Neo4j's own launcher uses. Without java.nio the page cache falls back to a
# slower mode; without sun.nio.ch the transaction-log fd advice fails ("Incorrect file descriptor").
# java.lang / java.util / java.util.concurrent were not needed (no warnings or failures without them).
JVM_OPENS=(
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
)
JVM_COMMON=(
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true "${JVM_OPENS[@]}"
)

SERVICE=neo4j.sh
PROCESS_MATCH=newsgraph.Neo4jServer # our Java main class: guards against a reused pid
# shellcheck source=scripts/service.sh
source "$ROOT/scripts/service.sh"

state_line() { echo "home=$HOME_DIR host=$HOST bolt=$BOLT_PORT http=$HTTP_PORT auth=$([[ -n ${NEO4J_PASSWORD:-} ]] && echo on || echo off)"; }

needs_build() {
  local stamp=$SERVER_DIR/target/.build-stamp
  [[ -f $stamp && -d $SERVER_DIR/target/lib && -f $SERVER_DIR/target/classes/newsgraph/Neo4jServer.class ]] || return 0
  [[ -z $(find "$SERVER_DIR/pom.xml" "$SERVER_DIR/src" -newer "$stamp" -print -quit) ]] && return 1
  return 0
}

build() {
  needs_build || return 0
  # One build at a time across run dirs: several test packages start their servers at once.
  mkdir -p "$SERVER_DIR/target"
  exec 8>"$SERVER_DIR/target/.build.lock"
  flock -w 900 8 || die "timed out waiting for another build of $SERVER_DIR"
  if ! needs_build; then exec 8>&-; return 0; fi
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  log "building $SERVER_DIR (mvn -q -B package; the first run downloads ~200MB of jars) ..."
  local t0=$SECONDS
  # A changed pom may change the dependency set: start target/lib afresh so no stale jar stays.
  # Otherwise leave the jars alone; servers from other NEO4J_RUN_DIRs may be running on them.
  if [[ ! -f $SERVER_DIR/target/.build-stamp || $SERVER_DIR/pom.xml -nt $SERVER_DIR/target/.build-stamp ]]; then
    rm -rf "$SERVER_DIR/target/lib"
  fi
  if ! (cd "$SERVER_DIR" && mvn -q -B package) >"$RUN_DIR/build.log" 2>&1; then
    tail -n 60 "$RUN_DIR/build.log" >&2
    die "maven build failed (full output: $RUN_DIR/build.log)"
  fi
  touch "$SERVER_DIR/target/.build-stamp"
  exec 8>&-
  log "built in $((SECONDS - t0))s"
}

tail_log() {
  log "---- last lines of $LOG_FILE ----"
  tail -n 60 "$LOG_FILE" >&2 || true
  [[ -f $HOME_DIR/logs/debug.log ]] && log "---- more detail in $HOME_DIR/logs/debug.log ----"
  return 0
}

cmd_up() {
  lock
  local pid
  pid=$(running_pid)
  if [[ -n $pid ]]; then
    local want have
    want=$(state_line)
    have=$(cat "$STATE_FILE" 2>/dev/null || true)
    [[ $have == "$want" ]] || die "already running (pid $pid) with different settings:
  running:   $have
  requested: $want
run scripts/neo4j.sh down first"
    port_open "$HOST" "$BOLT_PORT" || die "already running (pid $pid) but Bolt $HOST:$BOLT_PORT does not answer; see $LOG_FILE"
    log "already running (pid $pid): bolt neo4j://$HOST:$BOLT_PORT"
    return 0
  fi
  rm -f "$PID_FILE" "$STATE_FILE"
  check_port_free BOLT "$BOLT_PORT" NEO4J_BOLT_PORT
  check_port_free HTTP "$HTTP_PORT" NEO4J_HTTP_PORT
  command -v "$JAVA" >/dev/null || die "java not found (need Java 17+: apt-get install -y openjdk-17-jdk-headless)"
  build

  mkdir -p "$HOME_DIR"
  [[ -f $LOG_FILE ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  : >"$LOG_FILE"   # exists before the background redirect opens it, for the grep below
  local t0=$SECONDS
  # shellcheck disable=SC2086 # NEO4J_JAVA_OPTS is a list of flags
  nohup "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" "${JVM_COMMON[@]}" ${NEO4J_JAVA_OPTS:-} \
    -cp "$CLASSPATH_ARG" newsgraph.Neo4jServer "$HOME_DIR" >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  state_line >"$STATE_FILE"
  log "started pid $pid (log $LOG_FILE), waiting up to ${START_TIMEOUT}s for Bolt on $HOST:$BOLT_PORT ..."

  local deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      local rc=0
      wait "$pid" 2>/dev/null || rc=$?
      rm -f "$PID_FILE" "$STATE_FILE"
      tail_log
      die "Neo4j exited during startup (exit code $rc)"
    fi
    if grep -qs '^NEO4J READY' "$LOG_FILE" && port_open "$HOST" "$BOLT_PORT"; then
      break
    fi
    if ((SECONDS >= deadline)); then
      tail_log
      log "not ready after ${START_TIMEOUT}s; stopping pid $pid"
      stop_pid "$pid"
      die "Neo4j did not become ready within ${START_TIMEOUT}s (NEO4J_START_TIMEOUT)"
    fi
    sleep 0.5
  done
  log "ready in $((SECONDS - t0))s: $(grep -m1 '^NEO4J READY' "$LOG_FILE")"
}

cmd_status() {
  local pid
  pid=$(running_pid)
  if [[ -z $pid ]]; then
    echo "stopped"
    return 3
  fi
  if port_open "$HOST" "$BOLT_PORT"; then
    echo "running pid=$pid $(cat "$STATE_FILE" 2>/dev/null) bolt=neo4j://$HOST:$BOLT_PORT log=$LOG_FILE"
    return 0
  fi
  echo "running pid=$pid but Bolt $HOST:$BOLT_PORT does not answer (starting or broken); log=$LOG_FILE"
  return 1
}

cmd_admin() {
  lock
  [[ -z $(running_pid) ]] || die "the server is running; scripts/neo4j.sh down first (the store is locked)"
  build
  mkdir -p "$HOME_DIR/conf"
  [[ -f $HOME_DIR/conf/neo4j.conf ]] || : >"$HOME_DIR/conf/neo4j.conf"
  # shellcheck disable=SC2086
  NEO4J_HOME=$HOME_DIR NEO4J_CONF=$HOME_DIR/conf \
    "$JAVA" -Xmx"${NEO4J_ADMIN_HEAP:-1g}" "${JVM_COMMON[@]}" ${NEO4J_JAVA_OPTS:-} \
    -cp "$CLASSPATH_ARG" org.neo4j.cli.AdminTool "$@"
}

cmd_admin_import() {
  local has_report=""
  for a in "$@"; do [[ $a == --report-file* ]] && has_report=1; done
  # The report defaults to ./import.report; keep it out of the caller's directory.
  if [[ -z $has_report ]]; then
    cmd_admin database import full "--report-file=$RUN_DIR/import.report" "$@"
  else
    cmd_admin database import full "$@"
  fi
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  build) lock; build ;;
  admin-import) shift; cmd_admin_import "$@" ;;
  admin) shift; cmd_admin "$@" ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
