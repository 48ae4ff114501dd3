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
	del := fs.Bool("delete", false, "retract articles: the arguments are article ids, and each gets a tombstone")
	delFile := fs.String("delete-ids", "", "retract the article ids in `FILE` (one a line; blank lines and # comments skipped; - for stdin)")
	// The reading flags of run, without the extraction ones: nothing is extracted here.
	var c common
	c.registerInput(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: newsgraph produce [flags] INPUT...
       newsgraph produce [flags] --delete ID... | --delete-ids FILE

Reads the articles of INPUT (files, folders, - for stdin) as run does and sends each to the
Kafka topic as one JSON message keyed by its article id, with an idempotent producer, so a
retried send is never written twice. Bad records are reported on stderr and skipped.
"newsgraph consume" turns the topic into a graph. Sending an article again with other
content corrects it: consumers replace the old version.

With --delete or --delete-ids it sends a tombstone (a null message) for each article id
instead, keyed as the article was, so it follows the article's versions on their partition;
consumers delete the article from the graph. With log compaction (cleanup.policy=compact)
the topic keeps only the last message of each article: the graph's articles.

Exit codes: 0 success, 1 fatal error, 2 usage error, 3 some records skipped.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	var ids []string
	if *del || *delFile != "" {
		var err error
		if ids, err = deleteIDs(fs, *del, *delFile, stdin, stderr); err != nil {
			return err
		}
	} else if fs.NArg() == 0 {
		return usageError(fs, stderr)("no INPUT given")
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
	if ids != nil {
		began := time.Now()
		n, err := kafka.Retract(ctx, cl, k.topic, ids)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%d tombstones to %s; %.2fs\n", n, k.topic, time.Since(began).Seconds())
		return nil
	}
	stats, err := kafka.Produce(ctx, cl, k.topic, c.source(fs.Args(), stdin), kafka.ProduceConfig{
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

// deleteIDs returns the ids produce --delete retracts: the arguments (with --delete) and the
// lines of --delete-ids. Arguments without --delete would be INPUTs, so they are refused
// rather than taken for ids.
func deleteIDs(fs *flag.FlagSet, del bool, file string, stdin io.Reader, stderr io.Writer) ([]string, error) {
	usage := usageError(fs, stderr)
	if !del && fs.NArg() > 0 {
		return nil, usage("arguments %q with --delete-ids: they are ids only with --delete", fs.Args())
	}
	ids := []string{}
	for _, a := range fs.Args() {
		id := strings.TrimSpace(a)
		if id == "" {
			return nil, usage("a blank article id")
		}
		ids = append(ids, id)
	}
	if file != "" {
		fromFile, err := readIDsFile(file, stdin)
		if err != nil {
			return nil, err
		}
		ids = append(ids, fromFile...)
	}
	if len(ids) == 0 {
		return nil, usage("no article ids to retract: give them as arguments with --delete, or in --delete-ids FILE")
	}
	return ids, nil
}
