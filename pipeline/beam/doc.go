// Package beam is newsgraph's pipeline on Apache Beam: the same extraction and merge rules as
// the local pipeline (pipeline.Run into the memory store), spread over the workers of any
// Beam runner — Prism in process, Dataflow, Flink or Spark.
//
// It is a module of its own (pipeline/beam/go.mod), so the core module does not depend on
// the Beam SDK and its many transitive modules.
//
//	Create(inputs) ─ParDo(read: source.Walk one input)─▶ KV<article id, Seen>
//	  ─CombinePerKey(pick: last by input position)─▶ one version per id   (idempotency)
//	  ─ParDo(extract; one Extractor per worker, built in Setup)─▶
//	      KV<entity id, *Node>   ─CombinePerKey(graphstore Node.Merge)─┐
//	      KV<edge key, *Edge>    ─CombinePerKey(graphstore Edge.Merge)─┤
//	      article ledger rows                                        ─┤
//	  ┌─────────────────────────────────────────────────────────────────┘
//	  ├─▶ JSON graph: one worker reads nodes and edges as side inputs, sorts, WriteJSON
//	  └─▶ neo4j-admin CSV: Usage combine (delimiter) → encode per record → GroupByKey(shard)
//	       → one file per shard per group → header files and the import command
//
// Merge is commutative and associative, so the combined graph does not depend on how the
// runner splits, orders or retries the work: the JSON is byte-identical to the local
// pipeline's on the same inputs. The per-id dedupe keeps the version the local pipeline's
// store ends up holding: the last by the order of the inputs (input index, then position in
// the input), since a later version of an id is a correction that replaces the earlier one;
// under Config.OnChange = graphstore.Keep (--on-change keep), the first. Repeated articles,
// and inputs listed twice, count once.
//
// The job is a batch backfill: it builds a graph from what it reads and deletes nothing.
// Retractions go to the store the graph is loaded into, afterwards (newsgraph delete, or
// Kafka tombstones consumed into it); the CSV's article ledger (each Article row's hash and
// contribution) is what lets the store take an article back out.
package beam
