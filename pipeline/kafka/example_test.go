package kafka_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graphstore/memory"
	"github.com/newsgraph/newsgraph/pipeline/kafka"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// An article travels as its JSON, keyed by its id; Decode refuses what is not one.
func ExampleEncode() {
	key, value, _ := kafka.Encode(&extract.Article{ID: "ng-0001", Date: "2024-03-20", Text: "Biden spoke with Netanyahu."})
	fmt.Printf("%s %s\n", key, value)
	a, err := kafka.Decode(value, 0)
	fmt.Println(a.ID, err)
	_, err = kafka.Decode([]byte(`{"id":"ng-0002"}`), 0)
	fmt.Println(err)
	// Output:
	// ng-0001 {"id":"ng-0001","date":"2024-03-20","text":"Biden spoke with Netanyahu."}
	// ng-0001 <nil>
	// empty text: text is missing or only white space
}

// A producer and a consumer on an in-memory Kafka (franz-go's kfake): the consumer joins
// the group, extracts the articles into a memory store, commits, and exits once idle.
func ExampleNewConsumer() {
	cluster, _ := kfake.NewCluster(kfake.SeedTopics(3, "news"))
	defer cluster.Close()
	brokers := cluster.ListenAddrs()
	ctx := context.Background()

	producer, _ := kgo.NewClient(kgo.SeedBrokers(brokers...))
	defer producer.Close()
	src := func(ctx context.Context, fn func(source.Record) error) error {
		return source.Walk(ctx, []string{"../../fixtures/dumps/sample.jsonl"}, source.Options{}, nil, fn)
	}
	sent, err := kafka.Produce(ctx, producer, "news", src, kafka.ProduceConfig{})
	fmt.Println("produced", sent.Articles, err)

	x, _ := extract.NewDefault()
	store := memory.New()
	c, _ := kafka.NewConsumer(kafka.Config{
		Brokers: brokers, Topic: "news", Group: "newsgraph", IdleExit: time.Second, LogEvery: -1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, store, x)
	err = c.Run(ctx)
	s := c.Metrics().Snapshot()
	fmt.Println("stored", s.Stored, "committed", s.Committed, err)
	// Output:
	// produced 5 <nil>
	// stored 5 committed 5 <nil>
}
