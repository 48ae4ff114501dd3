#!/usr/bin/env bash
# Local Apache Kafka 4.4 broker (KRaft, one process that is both broker and controller; from
# Maven jars, no Docker) for tests and local use of `newsgraph produce` / `newsgraph consume`.
#
#   scripts/kafka.sh up        fetch jars if needed, format storage once, start, wait until ready
#   scripts/kafka.sh down      SIGTERM (controlled shutdown), wait KAFKA_STOP_TIMEOUT, then SIGKILL
#   scripts/kafka.sh status    exit 0 running+answering, 1 running but not answering, 3 stopped
#   scripts/kafka.sh fetch     (re)fetch the jars into scripts/kafka/target/lib if the pom changed
#   scripts/kafka.sh tool CLASS ARGS  run a Kafka tool main class on the broker's classpath, e.g.
#        scripts/kafka.sh tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
#          --bootstrap-server 127.0.0.1:9092 --describe --group newsgraph
#
# Environment (defaults):
#   KAFKA_RUN_DIR=.kafka    pid file, kafka.log, server.properties, data/; relative = repo-relative
#   KAFKA_LISTEN_ADDRESS=127.0.0.1  KAFKA_PORT=9092 (clients)  KAFKA_CONTROLLER_PORT=9093 (KRaft)
#   KAFKA_HEAP=512m  KAFKA_JAVA_OPTS=  JAVA=java (or $JAVA_HOME/bin/java)
#   KAFKA_START_TIMEOUT=90 (s)  KAFKA_STOP_TIMEOUT=60 (s)
#
# Brokers address for clients: 127.0.0.1:9092 (newsgraph --brokers, or KAFKA_BROKERS).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JARS_DIR=$ROOT/scripts/kafka
LIB_DIR=$JARS_DIR/target/lib
RUN_DIR=${KAFKA_RUN_DIR:-.kafka}
[[ $RUN_DIR == /* ]] || RUN_DIR=$ROOT/$RUN_DIR
PID_FILE=$RUN_DIR/kafka.pid
LOG_FILE=$RUN_DIR/kafka.log
CONF_FILE=$RUN_DIR/server.properties
LOG4J_FILE=$RUN_DIR/log4j2.properties
DATA_DIR=$RUN_DIR/data

HOST=${KAFKA_LISTEN_ADDRESS:-127.0.0.1}
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
HEAP=${KAFKA_HEAP:-512m}
START_TIMEOUT=${KAFKA_START_TIMEOUT:-90}
STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-60}
if [[ -z ${JAVA:-} ]]; then
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
fi
CLASSPATH_ARG="$LIB_DIR/*"
# What Kafka's own kafka-run-class.sh passes, less the GC log: G1 with short pauses, and a
# crash instead of a zombie on OOM.
JVM_COMMON=(
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
)

SERVICE=kafka.sh
STATE_FILE=$RUN_DIR/kafka.state # what the running broker was started with
PROCESS_MATCH="kafka.Kafka $CONF_FILE" # kafka.Kafka on this run dir's config: guards against a reused pid
# shellcheck source=scripts/service.sh
source "$ROOT/scripts/service.sh"

state_line() { echo "host=$HOST port=$PORT controller=$CONTROLLER_PORT heap=$HEAP"; }

needs_fetch() {
  local stamp=$JARS_DIR/target/.fetch-stamp
  [[ -f $stamp && -f $LIB_DIR/kafka_2.13-4.4.0.jar ]] || return 0
  [[ $JARS_DIR/pom.xml -nt $stamp ]]
}

fetch() {
  mkdir -p "$JARS_DIR/target"
  # Several run dirs (a developer's broker and the tests') share the jars: fetch under one lock.
  exec 8>"$JARS_DIR/target/.lock"
  flock -w 600 8 || die "timed out waiting for the lock $JARS_DIR/target/.lock"
  needs_fetch || { exec 8>&-; return 0; }
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  log "fetching Kafka jars into $LIB_DIR (the first run downloads ~55MB) ..."
  local t0=$SECONDS
  rm -rf "$LIB_DIR"
  if ! (cd "$JARS_DIR" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=target/lib) \
    >"$JARS_DIR/target/fetch.log" 2>&1; then
    tail -n 40 "$JARS_DIR/target/fetch.log" >&2
    die "maven failed (full output: $JARS_DIR/target/fetch.log)"
  fi
  touch "$JARS_DIR/target/.fetch-stamp"
  exec 8>&-
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $((SECONDS - t0))s"
}

tail_log() {
  log "---- last lines of $LOG_FILE ----"
  tail -n 60 "$LOG_FILE" >&2 || true
}

write_config() {
  cat >"$CONF_FILE" <<EOF
# Written by scripts/kafka.sh; rewritten on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=1
auto.create.topics.enable=false
# One broker: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# No initial rebalance delay: tests start consumers and expect them to get partitions at once.
group.initial.rebalance.delay.ms=0
# Allow consumers a short session timeout, so a killed member is noticed within seconds.
group.consumer.min.session.timeout.ms=3000
group.classic.min.session.timeout.ms=3000
# Small segments and a week of retention: this is a development broker.
log.segment.bytes=67108864
log.retention.hours=168
EOF
  cat >"$LOG4J_FILE" <<EOF
status = warn
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.out.ref = out
logger.state.name = state.change.logger
logger.state.level = warn
logger.ctrl.name = kafka.controller
logger.ctrl.level = warn
EOF
}

# format writes meta.properties into an empty data dir; a formatted one is kept, so topics
# and committed offsets survive down/up.
format() {
  [[ -f $DATA_DIR/meta.properties ]] && return 0
  local id
  id=$("$JAVA" -cp "$CLASSPATH_ARG" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  [[ -n $id ]] || die "kafka.tools.StorageTool random-uuid gave no cluster id"
  if ! "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$LOG4J_FILE" -cp "$CLASSPATH_ARG" \
    kafka.tools.StorageTool format --cluster-id "$id" --config "$CONF_FILE" >"$RUN_DIR/format.log" 2>&1; then
    cat "$RUN_DIR/format.log" >&2
    die "formatting $DATA_DIR failed"
  fi
  log "formatted $DATA_DIR (cluster id $id)"
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
run scripts/kafka.sh down first"
    port_open "$HOST" "$PORT" || die "already running (pid $pid) but $HOST:$PORT does not answer; see $LOG_FILE"
    log "already running (pid $pid): brokers $HOST:$PORT"
    return 0
  fi
  rm -f "$PID_FILE" "$STATE_FILE"
  check_port_free client "$PORT" KAFKA_PORT
  check_port_free controller "$CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
  command -v "$JAVA" >/dev/null || die "java not found (need Java 17+: apt-get install -y openjdk-17-jdk-headless)"
  fetch
  write_config
  format

  [[ -f $LOG_FILE ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  : >"$LOG_FILE"
  local t0=$SECONDS
  # shellcheck disable=SC2086 # KAFKA_JAVA_OPTS is a list of flags
  nohup "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" "${JVM_COMMON[@]}" ${KAFKA_JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$LOG4J_FILE" -Dkafka.logs.dir="$RUN_DIR" \
    -cp "$CLASSPATH_ARG" kafka.Kafka "$CONF_FILE" >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  state_line >"$STATE_FILE"
  log "started pid $pid (log $LOG_FILE), waiting up to ${START_TIMEOUT}s for $HOST:$PORT ..."

  local deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      local rc=0
      wait "$pid" 2>/dev/null || rc=$?
      rm -f "$PID_FILE" "$STATE_FILE"
      tail_log
      die "Kafka exited during startup (exit code $rc)"
    fi
    if grep -qs 'Kafka Server started' "$LOG_FILE" && port_open "$HOST" "$PORT"; then
      break
    fi
    if ((SECONDS >= deadline)); then
      tail_log
      log "not ready after ${START_TIMEOUT}s; stopping pid $pid"
      stop_pid "$pid"
      die "Kafka did not become ready within ${START_TIMEOUT}s (KAFKA_START_TIMEOUT)"
    fi
    sleep 0.5
  done
  log "ready in $((SECONDS - t0))s: brokers $HOST:$PORT"
}

cmd_status() {
  local pid
  pid=$(running_pid)
  if [[ -z $pid ]]; then
    echo "stopped"
    return 3
  fi
  if port_open "$HOST" "$PORT"; then
    echo "running pid=$pid $(cat "$STATE_FILE" 2>/dev/null) brokers=$HOST:$PORT log=$LOG_FILE"
    return 0
  fi
  echo "running pid=$pid but $HOST:$PORT does not answer (starting or broken); log=$LOG_FILE"
  return 1
}

cmd_tool() {
  [[ $# -ge 1 ]] || die "usage: scripts/kafka.sh tool MAIN-CLASS ARGS..."
  fetch
  mkdir -p "$RUN_DIR"
  # Tools print their answer on stdout; their own logging goes to stderr, warnings only.
  local conf=$RUN_DIR/log4j2-tools.properties
  cat >"$conf" <<EOF
status = warn
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.err.ref = err
EOF
  "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$conf" -cp "$CLASSPATH_ARG" "$@"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  fetch) mkdir -p "$RUN_DIR"; fetch ;;
  tool) shift; cmd_tool "$@" ;;
  *)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
