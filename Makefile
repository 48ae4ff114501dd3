# newsgraph — the commands the README promises. `make test` is what CI runs.
GO ?= go

.PHONY: build run test test-go deps neo4j-up neo4j-down bench fuzz render pictures

build:
	$(GO) build -o bin/newsgraph ./cmd/newsgraph

# The main job on the embedded default (in-memory graph) over the shipped fixtures.
run:
	$(GO) run ./cmd/newsgraph run --dot out/graph.dot --json out/graph.json fixtures/

# Everything the tests need (graphviz, chromium, Go modules, Neo4j jars), a real Neo4j, then
# every test with the race detector.
test:
	scripts/test.sh

deps:
	scripts/deps.sh

neo4j-up:
	scripts/neo4j.sh up

neo4j-down:
	scripts/neo4j.sh down

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./extract/ ./graphstore/memory/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzExtract -fuzztime 60s ./extract/

render: run
	dot -Tsvg out/graph.dot -o out/graph.svg
	@echo "picture written to out/graph.svg"

# The README's report pictures in docs/img: the seed's, and with BBC=path/to/bbc-2225.jsonl.gz
# the BBC dump's.
pictures: build
	bin/newsgraph run --quiet --focus "Joe Biden" --top 12 --svg docs/img/seed-joe-biden.svg fixtures/articles/
ifdef BBC
	bin/newsgraph run --quiet --json out/bbc.json $(BBC)
	bin/newsgraph export --from out/bbc.json --focus "Tony Blair" --depth 1 --top 30 --svg docs/img/bbc-tony-blair.svg
	bin/newsgraph export --from out/bbc.json --focus "Tony Blair" --kind stance --svg docs/img/bbc-tony-blair-stance.svg
endif
