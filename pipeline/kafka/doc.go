// Package kafka streams articles through Apache Kafka: Produce sends the articles of a dump
// to a topic, one JSON message per article keyed by its id, Retract sends tombstones for
// ids, and a Consumer, one member of a consumer group, extracts what it polls and keeps a
// graph store current.
//
// The topic is a log of article versions. A message whose id the store holds with other
// content is a correction: graphstore.Store.Add replaces the stored version. A tombstone
// (a null value, keyed by the article id) retracts the article: the consumer calls
// graphstore.Store.Delete. Every message about one article carries the same key (Key), so
// all of them are on one partition and take effect in the order they were sent; messages
// about different articles commute, so the order across partitions does not matter. With
// log compaction the topic then keeps the last message of each article: exactly the
// articles of the graph.
//
// Delivery is at least once with an exactly-once effect. The consumer commits a partition's
// offsets only after the records before them are applied to the store, so a crash or a
// rebalance can hand records to another member again, never lose them; and replaying them
// converges on the same graph: the store skips a version it holds (Add is idempotent per
// article version) and a delete of an id it does not hold, and each article's messages are
// replayed in their order, so its last one wins again. No deduplication happens here: the
// store's per-article ledger is the one place that decides, so a bug there cannot hide
// behind a second filter.
package kafka
