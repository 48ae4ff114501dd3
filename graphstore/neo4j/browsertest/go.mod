module github.com/newsgraph/newsgraph/graphstore/neo4j/browsertest

go 1.26.8

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/neo4j/neo4j-go-driver/v5 v5.28.4
	github.com/newsgraph/newsgraph v0.0.0
)

require (
	github.com/deckarep/golang-set v1.7.1 // indirect
	github.com/dominikbraun/graph v0.23.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/jdkato/prose/v2 v2.0.0 // indirect
	github.com/klauspost/compress v1.20.4 // indirect
	github.com/mingrammer/commonregex v1.0.1 // indirect
	golang.org/x/sync v0.25.0 // indirect
	gonum.org/v1/gonum v0.7.0 // indirect
	gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect
)

replace github.com/newsgraph/newsgraph => ../../..
