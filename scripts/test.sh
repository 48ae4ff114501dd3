#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need, turns the integration tests
# on (NEWSGRAPH_INTEGRATION=1: a missing service then fails a test, never skips it), starts a
# real Kafka broker from Maven-fetched jars, and runs every package in parallel with the race
# detector, then the nested modules. Plain `go test ./...` needs none of this (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
export NEWSGRAPH_INTEGRATION=1
# Each package that uses Neo4j starts its own server (internal/testenv: a temporary run dir,
# free ports, a 512m heap) and stops it at the end, so packages no longer share one and run in
# parallel. Build the server's jars once here, before several packages start servers at once.
unset NEO4J_URI NEO4J_PASSWORD NEO4J_USERNAME NEO4J_DATABASE
scripts/neo4j.sh build
# Kafka for pipeline/kafka's integration tests (KRaft broker from Maven jars, private ports).
export KAFKA_PORT=${KAFKA_PORT:-19092} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
export KAFKA_RUN_DIR=${KAFKA_RUN_DIR:-.kafka/test} KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-19092}
trap 'scripts/kafka.sh down >/dev/null 2>&1 || true' EXIT
scripts/kafka.sh up
go vet ./...
go test -race -timeout 30m -count=1 ./...
# The nested modules (own go.mod, so ./... above does not reach them). pipeline/beam runs the
# pipeline on Prism, in process (no -race: Prism under the race detector is too slow).
# graphstore/neo4j/browsertest drives Neo4j Browser in headless Chromium; a module of its own
# keeps chromedp out of the core's go.mod.
(cd pipeline/beam && go vet ./... && go test -timeout 20m -count=1 ./...)
(cd graphstore/neo4j/browsertest && go vet ./... && go test -race -timeout 20m -count=1 ./...)
