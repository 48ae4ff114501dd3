package parse

import (
	"strconv"
	"strings"
)

// Label is a Universal Dependencies relation, subtype included (nsubj:pass, obl:agent, …):
// the relations of UD English EWT 2.16, which the shipped model was trained on.
// The zero Label is NoLabel, the label of a word the parser has not attached.
type Label uint8

// The relations, core arguments first. EWT 2.15 merged obl:tmod and obl:npmod into
// obl:unmarked ("met *Monday*", "ten *times*") and nmod:tmod/nmod:npmod into nmod:unmarked;
// the reader maps the old names onto these, so older releases still load.
const (
	NoLabel Label = iota
	Nsubj
	NsubjPass
	NsubjOuter
	Obj
	Iobj
	Csubj
	CsubjPass
	CsubjOuter
	Ccomp
	Xcomp
	Obl
	OblAgent
	OblUnmarked
	Vocative
	Expl
	Dislocated
	Advcl
	AdvclRelcl
	Advmod
	Discourse
	Aux
	AuxPass
	Cop
	Mark
	Nmod
	NmodPoss
	NmodUnmarked
	NmodDesc
	Appos
	Nummod
	Acl
	AclRelcl
	Amod
	Det
	DetPredet
	Case
	Conj
	Cc
	CcPreconj
	Fixed
	Flat
	Compound
	CompoundPrt
	List
	Parataxis
	Orphan
	Goeswith
	Reparandum
	Punct
	Root
	Dep

	numLabels // labels, NoLabel included; a label set fits a uint64
)

var labelNames = [numLabels]string{
	NoLabel: "_", Nsubj: "nsubj", NsubjPass: "nsubj:pass", NsubjOuter: "nsubj:outer",
	Obj: "obj", Iobj: "iobj", Csubj: "csubj", CsubjPass: "csubj:pass", CsubjOuter: "csubj:outer",
	Ccomp: "ccomp", Xcomp: "xcomp", Obl: "obl", OblAgent: "obl:agent", OblUnmarked: "obl:unmarked",
	Vocative: "vocative", Expl: "expl", Dislocated: "dislocated", Advcl: "advcl",
	AdvclRelcl: "advcl:relcl", Advmod: "advmod", Discourse: "discourse", Aux: "aux",
	AuxPass: "aux:pass", Cop: "cop", Mark: "mark", Nmod: "nmod", NmodPoss: "nmod:poss",
	NmodUnmarked: "nmod:unmarked", NmodDesc: "nmod:desc", Appos: "appos", Nummod: "nummod",
	Acl: "acl", AclRelcl: "acl:relcl", Amod: "amod", Det: "det", DetPredet: "det:predet",
	Case: "case", Conj: "conj", Cc: "cc", CcPreconj: "cc:preconj", Fixed: "fixed", Flat: "flat",
	Compound: "compound", CompoundPrt: "compound:prt", List: "list", Parataxis: "parataxis",
	Orphan: "orphan", Goeswith: "goeswith", Reparandum: "reparandum", Punct: "punct",
	Root: "root", Dep: "dep",
}

// String returns the UD name of the relation ("nsubj:pass").
func (l Label) String() string {
	if l >= numLabels {
		return "Label(" + strconv.Itoa(int(l)) + ")"
	}
	return labelNames[l]
}

// Universal returns the relation without its subtype: Nsubj for NsubjPass, Obl for
// OblAgent; a relation without subtype is returned as is.
func (l Label) Universal() Label {
	if l >= numLabels {
		return l
	}
	return universal[l]
}

var universal = func() (u [numLabels]Label) {
	for l := range numLabels {
		u[l] = l
		if base, _, ok := strings.Cut(labelNames[l], ":"); ok {
			u[l], _ = LabelOf(base)
		}
	}
	return u
}()

// legacyLabels are the names of relations older EWT releases used, with what they became.
var legacyLabels = map[string]Label{
	"obl:tmod": OblUnmarked, "obl:npmod": OblUnmarked,
	"nmod:tmod": NmodUnmarked, "nmod:npmod": NmodUnmarked,
}

// LabelOf returns the label named name ("obl:agent"). A subtype the model does not know
// falls back to its universal relation ("nmod:foo" is Nmod); older names are mapped to
// what EWT calls them now ("obl:tmod" is OblUnmarked). ok is false for an unknown relation.
func LabelOf(name string) (l Label, ok bool) {
	for i := Label(1); i < numLabels; i++ {
		if labelNames[i] == name {
			return i, true
		}
	}
	if l, ok := legacyLabels[name]; ok {
		return l, true
	}
	if i := strings.IndexByte(name, ':'); i > 0 {
		return LabelOf(name[:i])
	}
	return NoLabel, false
}
