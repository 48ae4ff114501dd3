package extract

import (
	"github.com/newsgraph/newsgraph/extract/stance"
)

// found is one stance of a sentence, between two entities.
type found struct {
	source, target *cluster
	stance.Finding
}

// stances finds the stances of one sentence: only a sentence with two entities or more
// among its names, pronouns and descriptions is parsed (most are not, which keeps parsing
// cheap). Demonyms are never actors or targets: "British imperialists" are not the United
// Kingdom.
func (x *Extractor) stances(w *worker, toks []token, names []*mention, refs []corefMention) []found {
	w.mentions = w.mentions[:0]
	w.clusters = w.clusters[:0]
	add := func(m *mention) {
		id := -1
		for i, c := range w.clusters {
			if c == m.cluster {
				id = i
			}
		}
		if id < 0 {
			id = len(w.clusters)
			w.clusters = append(w.clusters, m.cluster)
		}
		w.mentions = append(w.mentions, stance.Mention{Start: m.first, End: m.last, Entity: id})
	}
	for _, m := range names {
		if m.cluster != nil && m.place == "" {
			add(m)
		}
	}
	for _, r := range refs {
		add(r.mention)
	}
	if len(w.clusters) < 2 {
		return nil
	}
	w.words, w.tags = w.words[:0], w.tags[:0]
	for _, t := range toks {
		w.words = append(w.words, t.text)
		w.tags = append(w.tags, t.tag)
	}
	if !x.opts.LearnedStance && !x.model.stances.MayFind(w.words, w.tags) {
		return nil // no cue word: the rules cannot fire, so the parse is not needed
	}
	x.model.parser.ParseInto(&w.tree, w.words, w.tags)
	s := stance.Sentence{Words: w.words, Tags: w.tags, Tree: &w.tree, Mentions: w.mentions}
	var out []found
	var fs []stance.Finding
	if x.opts.LearnedStance {
		fs = x.model.learned.Stances(x.model.stances, &s, &w.scratch, stance.MinMargin)
	} else {
		fs = x.model.stances.Find(&s, &w.scratch)
	}
	for _, f := range fs {
		out = append(out, found{w.clusters[w.mentions[f.Source].Entity], w.clusters[w.mentions[f.Target].Entity], f})
	}
	return out
}
