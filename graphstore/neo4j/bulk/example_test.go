package bulk_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/graphstore/neo4j/bulk"
)

// Write a two-node graph and print the command that imports it.
func ExampleWrite() {
	r := &extract.Result{ID: "a1", Date: "2024-03-21", Entities: []extract.Entity{
		{ID: "joe-biden", Name: "Joe Biden", Type: extract.Person, Mentions: 2, Aliases: []string{"Biden"}},
		{ID: "hamas", Name: "Hamas", Type: extract.Organization, Mentions: 1},
	}}
	biden := graphstore.NodeContribution(r, &r.Entities[0])
	hamas := graphstore.NodeContribution(r, &r.Entities[1])
	co := graphstore.EdgeContribution(r, &extract.Edge{Source: "hamas", Target: "joe-biden", Kind: extract.CoOccurrence, Weight: 1,
		Evidence: []extract.Evidence{{Article: "a1", Sentence: 0, Text: "Biden said Hamas must agree."}}})
	g := &graphstore.Graph{Nodes: []*graphstore.Node{biden, hamas}, Edges: []*graphstore.Edge{co}}

	dir, _ := os.MkdirTemp("", "bulk")
	defer os.RemoveAll(dir)
	im, err := bulk.Write(dir, g, bulk.Options{Articles: []bulk.Article{bulk.ArticleOf(r)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.ReplaceAll(im.ScriptCommand(), im.Dir, "out"))
	entities, _ := os.ReadFile(im.Files(bulk.Entities)[1])
	fmt.Print(strings.ReplaceAll(string(entities), string(im.Delimiter), "|"))
	fmt.Println("post-import step needed:", im.PostImport)
	// Output:
	// scripts/neo4j.sh admin-import neo4j --nodes=Entity=out/entity.header.csv,out/entity-00000-of-00001.csv --nodes=Article=out/article.header.csv,out/article-00000-of-00001.csv --relationships=out/co_occurs.header.csv,out/co_occurs-00000-of-00001.csv --relationships=out/stance.header.csv,out/stance-00000-of-00001.csv --relationships=out/mentioned_in.header.csv,out/mentioned_in-00000-of-00001.csv --array-delimiter=U+001F
	// "hamas","Organization","Hamas","Organization",,1,1,"2024-03-21","2024-03-21","Hamas","1","Organization","1",,,
	// "joe-biden","Person","Joe Biden","Person","Biden",2,1,"2024-03-21","2024-03-21","Joe Biden","1","Person","1","Biden","1",
	// post-import step needed: false
}
