#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need, starts a real Neo4j from
# Maven-fetched jars, runs every test with the race detector, and stops the server again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# A private port pair, so a developer's own server on 7687 is left alone.
export NEO4J_BOLT_PORT=${NEO4J_BOLT_PORT:-17687} NEO4J_HTTP_PORT=${NEO4J_HTTP_PORT:-17474}
export NEO4J_RUN_DIR=${NEO4J_RUN_DIR:-.neo4j-test}
export NEO4J_URI=neo4j://127.0.0.1:$NEO4J_BOLT_PORT NEO4J_BROWSER_URL=http://127.0.0.1:$NEO4J_HTTP_PORT/browser/
unset NEO4J_PASSWORD NEO4J_USERNAME
# Kafka for pipeline/kafka's integration tests (KRaft broker from Maven jars, private ports);
# that package's SIGKILL test starts and stops its own Neo4j in .kafka/neo4j-test.
export KAFKA_PORT=${KAFKA_PORT:-19092} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
export KAFKA_RUN_DIR=${KAFKA_RUN_DIR:-.kafka/test} KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-19092}
trap 'scripts/neo4j.sh down >/dev/null 2>&1 || true; scripts/kafka.sh down >/dev/null 2>&1 || true
      NEO4J_RUN_DIR=.kafka/neo4j-test scripts/neo4j.sh down >/dev/null 2>&1 || true' EXIT
scripts/neo4j.sh up
scripts/kafka.sh up
go vet ./...
# Compile every test binary first, in parallel (-exec /bin/true runs none of them): the
# -p 1 run below then only links, instead of compiling a cold cache one package at a time.
go test -race -count=1 -exec /bin/true ./... >/dev/null 2>&1 || true
# -p 1: the packages that use Neo4j share one server (Community has one database) and wipe
# it between tests, so packages run one after another; tests within a package already do.
go test -race -p 1 -timeout 30m -count=1 ./...
# pipeline/beam is a module of its own (the core does not depend on the Beam SDK), so the
# ./... above does not reach it. Its tests run the pipeline on Prism, in process.
(cd pipeline/beam && go vet ./... && go test -timeout 20m -count=1 ./...)
