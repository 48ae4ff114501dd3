package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/pipeline/kafka"
	"github.com/newsgraph/newsgraph/pipeline/source"
)

// kafkaFlags are the connection flags of produce and consume.
type kafkaFlags struct {
	brokers string
	topic   string
	maxMsg  int
}

func (k *kafkaFlags) register(fs *flag.FlagSet) {
	def := os.Getenv("KAFKA_BROKERS")
	if def == "" {
		def = "127.0.0.1:9092"
	}
	fs.StringVar(&k.brokers, "brokers", def, "Kafka bootstrap `addresses`, comma-separated (default $KAFKA_BROKERS or 127.0.0.1:9092)")
	fs.StringVar(&k.topic, "topic", "newsgraph-articles", "Kafka `topic` of the articles")
	fs.IntVar(&k.maxMsg, "max-message-bytes", kafka.DefaultMaxMessageBytes, "largest message in `bytes`; larger articles are skipped as too large")
}

func (k *kafkaFlags) seeds() []string {
	var out []string
	for _, b := range strings.Split(k.brokers, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

func produceCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("produce", flag.ContinueOnError)
	var k kafkaFlags
	k.register(fs)
	partitions := fs.Int("partitions", 0, "create the topic with `N` partitions if it does not exist (0: it must exist)")
	timeout := fs.Duration("timeout", time.Minute, "give up on a message the brokers have not acknowledged after `d`")
	// The reading flags of run, without the extraction ones: nothing is extracted here.
	var c common
	c.registerInput(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph produce [flags] INPUT...

Reads the articles of INPUT (files, folders, - for stdin) as run does and sends each to the
Kafka topic as one JSON message keyed by its article id, with an idempotent producer, so a
retried send is never written twice. Bad records are reported on stderr and skipped.
"newsgraph consume" turns the topic into a graph.

Exit codes: 0 success, 1 fatal error, 2 usage error, 3 some records skipped.

Flags:
`)
		fs.PrintDefaults()
	}
	inputs, err := parse(fs, args, stderr)
	if err != nil {
		return err
	}
	seeds := k.seeds()
	if len(seeds) == 0 || k.topic == "" {
		fmt.Fprintln(stderr, "produce: --brokers and --topic must not be empty")
		return &exitError{code: exitUsage}
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(seeds...), kgo.ClientID("newsgraph-produce"),
		kgo.RecordDeliveryTimeout(*timeout), kgo.ProducerBatchMaxBytes(int32(max(k.maxMsg+1024, 1<<20))))
	if err != nil {
		return fmt.Errorf("kafka: %w", err)
	}
	defer cl.Close()
	if *partitions > 0 {
		if err := kafka.EnsureTopic(ctx, cl, k.topic, int32(*partitions)); err != nil {
			return err
		}
	}
	stats, err := kafka.Produce(ctx, cl, k.topic, c.source(inputs, stdin), kafka.ProduceConfig{
		MaxMessageBytes: k.maxMsg,
		MaxErrors:       c.maxErrors,
		OnSkip:          func(_ source.Position, err error) { fmt.Fprintf(stderr, "skip: %v\n", err) },
	})
	if err != nil {
		summarize(stderr, stats, "")
		return err
	}
	return summarize(stderr, stats, fmt.Sprintf("%d messages to %s, %s articles/s; ",
		stats.Articles, k.topic, rate(float64(stats.Articles), stats.Elapsed)))
}
