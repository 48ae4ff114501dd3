package ner

import (
	"github.com/newsgraph/newsgraph/internal/hashtab"

	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/extract/data"
)

// The gazetteer lists behind the entity model's list features. A list's number is part of
// the feature hash, so renumbering them invalidates a trained model (see featureVersion).
const (
	listCountry = iota
	listCity
	listRegion // US states, continents
	listGiven  // given names
	listSurname
	listPerson // the shipped gazetteer's people, organizations and places
	listOrg
	listPlace
	listDemonym
	listTitle
	listOrgWord // words that end organization names
	numLists
)

// maxListWords bounds the length of a list entry in words (longer ones are not matched).
const maxListWords = 6

//go:embed data/clusters.tsv.gz
var clustersGz []byte

// Resources are the lexical resources the features read: word clusters (k-means classes of
// GloVe vectors) and gazetteer lists. Built once, read-only, shared by every tagger.
type Resources struct {
	clusters *hashtab.Table // lower-case word hash → c64 | c256<<6 | c1024<<14
	lists    *hashtab.Table // hash of a lower-case word sequence → bit set of lists
}

// LoadResources builds the shipped resources from the embedded files.
func LoadResources() (*Resources, error) {
	r := &Resources{}
	if err := r.loadClusters(); err != nil {
		return nil, err
	}
	var entries []listEntry
	for _, src := range listSources {
		f, err := data.FS.Open(src.file)
		if err != nil {
			return nil, fmt.Errorf("ner lists: %w", err)
		}
		entries, err = src.read(f, src.file, entries)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("ner lists: %w", err)
		}
	}
	r.lists = hashtab.New(len(entries))
	var buf []byte
	for _, e := range entries {
		words := strings.Fields(e.name)
		if len(words) == 0 || len(words) > maxListWords {
			continue
		}
		h := uint64(seqSeed)
		for _, w := range words {
			buf = hashtab.Lower(buf, w)
			h = mix(h, hashtab.Bytes(buf))
		}
		r.lists.Or(h|1, 1<<e.list)
	}
	return r, nil
}

// seqSeed starts the hash of a word sequence.
const seqSeed = 0x5eed

func (r *Resources) loadClusters() error {
	zr, err := gzip.NewReader(bytes.NewReader(clustersGz))
	if err != nil {
		return fmt.Errorf("ner clusters: %w", err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("ner clusters: %w", err)
	}
	r.clusters = hashtab.New(len(lines))
	for i, line := range lines {
		f := bytes.Split(line, []byte{'\t'})
		if len(f) != 4 {
			return fmt.Errorf("ner clusters line %d: want word and 3 classes", i+1)
		}
		var c [3]uint64
		for k := range c {
			v, err := strconv.ParseUint(string(f[k+1]), 10, 16)
			if err != nil || v >= [3]uint64{64, 256, 1024}[k] {
				return fmt.Errorf("ner clusters line %d: bad class %q", i+1, f[k+1])
			}
			c[k] = v
		}
		r.clusters.Put(hashtab.Bytes(f[0]), uint32(c[0]|c[1]<<6|c[2]<<14))
	}
	return nil
}

type listEntry struct {
	name string
	list int
}

// listSources says which list each line of each shipped file goes to.
var listSources = []struct {
	file string
	read func(r io.Reader, file string, dst []listEntry) ([]listEntry, error)
}{
	{"places.tsv", columns(func(f []string) int {
		switch f[1] {
		case "country":
			return listCountry
		case "city":
			return listCity
		}
		return listRegion
	})},
	{"census-names.tsv", columns(func(f []string) int {
		if f[1] == "surname" {
			return listSurname
		}
		return listGiven
	})},
	{"firstnames.txt", columns(func([]string) int { return listGiven })},
	{"gazetteer.tsv", gazetteer},
	{"demonyms.tsv", columns(func([]string) int { return listDemonym })},
	{"titles.txt", columns(func([]string) int { return listTitle })},
	{"org-suffixes.txt", columns(func([]string) int { return listOrgWord })},
}

// columns reads a TSV whose first column is the name; which picks its list from the fields.
func columns(which func(fields []string) int) func(io.Reader, string, []listEntry) ([]listEntry, error) {
	return func(r io.Reader, file string, dst []listEntry) ([]listEntry, error) {
		err := data.EachLine(r, file, func(f []string) error {
			if len(f) < 2 && strings.HasSuffix(file, ".tsv") {
				return fmt.Errorf("want at least 2 columns")
			}
			dst = append(dst, listEntry{f[0], which(f)})
			return nil
		})
		return dst, err
	}
}

// gazetteer reads gazetteer.tsv: name, type, |-separated aliases.
func gazetteer(r io.Reader, file string, dst []listEntry) ([]listEntry, error) {
	err := data.EachLine(r, file, func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("want name<TAB>type[<TAB>aliases]")
		}
		list := map[string]int{"Person": listPerson, "Organization": listOrg, "Location": listPlace}[f[1]]
		dst = append(dst, listEntry{f[0], list})
		if len(f) > 2 {
			for _, a := range strings.Split(f[2], "|") {
				dst = append(dst, listEntry{a, list})
			}
		}
		return nil
	})
	return dst, err
}
