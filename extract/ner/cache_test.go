package ner

import (
	"slices"
	"strings"
	"testing"
)

// cacheSentences are sentences with repeated words and tags (cache hits), words of one
// letter and all caps (padding, headline context) and an empty one.
var cacheSentences = []string{
	"Former White House press secretary Sean Spicer criticized President Joe Biden .",
	"Biden said Spicer was wrong , and Spicer said Biden was wrong .",
	"GERMANY BEATS FRANCE IN PARIS",
	"A",
	"",
	"Israel plans a ground invasion of Rafah in southern Gaza , officials in Israel said on Monday .",
}

// TestRoleFeatures: a split sentence's features plus the role features of every token's
// window are exactly the unsplit features, token by token, with every feature group on and
// with each one off.
func TestRoleFeatures(t *testing.T) {
	res, tg := mustResources(t)
	for _, off := range []Groups{0, Clusters, Lists, History, Case, POS} {
		for _, text := range cacheSentences {
			words := strings.Fields(text)
			tags := make([]string, len(words))
			tg.Tag(words, tags)
			var vs valScratch
			vals := res.sentenceVals(words, tags, nil, &vs)
			ctx := contextOf(words)
			whole := featurizer{bits: 18, off: off}
			whole.static(vals, ctx)
			split := featurizer{bits: 18, off: off, split: true}
			split.static(vals, ctx)
			for k := range words {
				want := slices.Clone(whole.feats[whole.offs[k]:whole.offs[k+1]])
				got := slices.Clone(split.feats[split.offs[k]:split.offs[k+1]])
				for r := range numRoles {
					got = roleFeatures(got, &vals[k+r], r, 18, off)
					got = tagRoleFeatures(got, &vals[k+r], r, 18, off)
				}
				slices.Sort(want)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("off=%v %q word %d: split+roles has %d features, unsplit %d, or they differ", off, text, k, len(got), len(want))
				}
			}
		}
	}
}

// TestRoleCacheScores: the shipped model scores every token exactly as without the caches,
// with caches large enough to hit and so small that words of one sentence evict each other.
func TestRoleCacheScores(t *testing.T) {
	m := mustDefault(t)
	_, tg := mustResources(t)
	for _, bits := range []uint{wordCacheBits, 1} {
		plain := newDecoder(m.p, m.res)
		cached := m.decoder()
		cached.wordSums, cached.tagSums = newRoleCache[int16](bits, false), newRoleCache[int16](bits, true)
		for round := range 2 { // the second round finds the words cached
			for _, text := range cacheSentences {
				words := strings.Fields(text)
				tags := make([]string, len(words))
				tg.Tag(words, tags)
				want := slices.Clone(plain.tag(words, tags))
				wantScores := slices.Clone(plain.scores)
				got := cached.tag(words, tags)
				if !slices.Equal(got, want) || !slices.Equal(cached.scores, wantScores) {
					t.Errorf("cache of 2^%d words, round %d, %q: labels %v, want %v (or the scores differ)", bits, round, text, got, want)
				}
			}
		}
	}
}
