// Package eval makes extraction quality a number: it reads the hand-made gold sets in
// fixtures/eval (named entities in CoNLL BIO format, within-article coreference clusters,
// stance sentences), runs an *extract.Extractor over them and scores the result, next to a
// baseline (prose's own NER as it comes), with exact-span precision/recall/F1 per entity
// type, B³ and pairwise scores for resolution, and direction+sign scores for stance.
//
// The scoring functions are pure and independent of newsgraph's types, so they can be
// tested on small tables; the harness (Evaluate, Baseline) ties them to the extractor.
package eval
