// Package kafka streams articles through Apache Kafka: Produce sends the articles of a dump
// to a topic, one JSON message per article keyed by its id, and a Consumer, one member of a
// consumer group, extracts what it polls and keeps a graph store current.
//
// Delivery is at least once with an exactly-once effect. The consumer commits a partition's
// offsets only after the records before them are in the store, so a crash or a rebalance
// can hand records to another member again, never lose them; and every store counts an
// article id once (graphstore.Store.Add is idempotent), so a redelivered article changes
// nothing. No deduplication happens here: the store's per-article ledger is the one place
// that decides, so a bug there cannot hide behind a second filter.
package kafka
