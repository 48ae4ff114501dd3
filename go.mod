module github.com/newsgraph/newsgraph

go 1.26.8

require (
	github.com/dominikbraun/graph v0.23.0
	github.com/jdkato/prose/v2 v2.0.0
	github.com/klauspost/compress v1.20.4
	github.com/mingrammer/commonregex v1.0.1
	github.com/neo4j/neo4j-go-driver/v5 v5.28.4
	github.com/twmb/franz-go v1.22.3
	github.com/twmb/franz-go/pkg/kadm v1.20.0
	github.com/twmb/franz-go/pkg/kfake v0.0.0-20260918054303-01f206a7e32c
	golang.org/x/sync v0.25.0
)

require (
	github.com/deckarep/golang-set v1.7.1 // indirect
	github.com/pierrec/lz4/v4 v4.1.33 // indirect
	github.com/twmb/franz-go/pkg/kmsg v1.15.1 // indirect
	gonum.org/v1/gonum v0.7.0 // indirect
	gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect
)
