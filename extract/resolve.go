package extract

import (
	"slices"
	"strings"
)

// cluster is one real-world entity within an article: the mentions resolved to it.
type cluster struct {
	name     string // canonical name
	id       string
	mentions []*mention
	votes    map[Type]int
	typ      Type
	into     *cluster // set when merged into another cluster
}

func (c *cluster) root() *cluster {
	for c.into != nil {
		c = c.into
	}
	return c
}

// resolve groups an article's mentions into entities. Within the article, a surname alone
// ("Biden", "Netanyahu") joins the person introduced with the full name; across articles,
// every surface form goes through the alias table to a canonical name whose ID is the node id.
func (l *Lexicon) resolve(mentions []*mention) []*cluster {
	byID := map[string]*cluster{}
	var order []*cluster
	acronyms := map[string]string{} // "EPP" → "European People's Party", from "(EPP)"
	for _, m := range mentions {
		if m.sameAs != nil {
			acronyms[m.text] = l.Canonical(foldSpace(m.sameAs.text))
		}
	}
	for _, m := range mentions {
		name := l.Canonical(foldSpace(m.text)) // Reuters wraps lines inside names
		if m.place != "" {
			name = l.Canonical(m.place)
		}
		if long, ok := acronyms[m.text]; ok {
			name = long
		}
		id := ID(name)
		if id == "" {
			continue
		}
		c := byID[id]
		if c == nil {
			c = &cluster{name: name, id: id, votes: map[Type]int{}}
			byID[id] = c
			order = append(order, c)
		}
		c.mentions = append(c.mentions, m)
		for t, v := range m.votes {
			c.votes[t] += v
		}
	}
	for _, c := range order {
		c.typ, _ = best(c.votes)
	}
	// Link single-word names to a multi-word person of the article ending in that word
	// ("Biden" after "Joe Biden"), unless the lexicon knows the word as something else
	// ("Jordan" the country beside "Michael Jordan" stays a place only when so typed); a
	// given name no surname claims, to the one person it starts ("Sir Nicholas").
	for _, c := range order {
		if strings.Contains(c.name, " ") || c.typ != Person && c.entry() != nil {
			continue
		}
		var target *cluster
		for _, o := range order {
			if o == c || o.typ != Person || !strings.Contains(o.name, " ") {
				continue
			}
			words := strings.Fields(o.name)
			if words[len(words)-1] != c.name {
				continue
			}
			if target == nil || len(o.mentions) > len(target.mentions) {
				target = o
			}
		}
		if target == nil && c.typ == Person {
			target = l.byFirstName(c, order)
		}
		if target != nil {
			c.into = target
		}
	}
	var out []*cluster
	for _, c := range order {
		r := c.root()
		if r != c {
			r.mentions = append(r.mentions, c.mentions...)
			for t, v := range c.votes {
				r.votes[t] += v
			}
			continue
		}
		out = append(out, c)
	}
	for _, c := range out {
		c.typ, _ = best(c.votes)
		slices.SortFunc(c.mentions, func(a, b *mention) int { return a.start - b.start })
		for _, m := range c.mentions {
			m.cluster = c
		}
	}
	return out
}

// byFirstName returns the one multi-word person of the article whose first word is c's name,
// a given name ("Steve" in quotes after "Steve Morgan"), or nil when there are none or
// several ("John" beside John Prescott and John Reid stays apart).
func (l *Lexicon) byFirstName(c *cluster, order []*cluster) *cluster {
	if _, given := l.genders[c.name]; !given {
		return nil
	}
	var target *cluster
	for _, o := range order {
		if o != c && o.typ == Person && strings.HasPrefix(o.name, c.name+" ") {
			if target != nil {
				return nil
			}
			target = o
		}
	}
	return target
}

// entry returns the gazetteer entry of c's first mention that has one, or nil.
func (c *cluster) entry() *gazEntry {
	for _, m := range c.mentions {
		if m.gaz != nil && m.place == "" {
			return m.gaz
		}
	}
	return nil
}

// typ is the mention's own type: its votes alone. The entity's type (cluster.typ) is voted
// over all its mentions; a mention may differ from it ("NEW YORK" the dateline in an article
// about the New York team).
func (m *mention) typ() Type {
	t, _ := best(m.votes)
	return t
}
