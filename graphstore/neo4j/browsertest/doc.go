// Package browsertest holds end-to-end tests of the Neo4j side as people use it: the Cypher
// cookbook of docs/neo4j.md run against a real server loaded with the fixtures, the Browser
// style sheet (graphstore/neo4j/newsgraph.grass), and Neo4j Browser itself driven in
// headless Chromium. The package has no code besides its tests; each run starts a private
// Neo4j with scripts/neo4j.sh, so tests of other packages that share or wipe the test
// server cannot disturb it.
package browsertest
