package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/newsgraph/newsgraph/graphstore"
	"github.com/newsgraph/newsgraph/pipeline"
)

// Defaults for Config fields left zero.
const (
	DefaultBatch          = 256
	DefaultMaxInFlight    = 2
	DefaultSessionTimeout = 45 * time.Second
	DefaultStoreRetry     = time.Minute
	DefaultLogEvery       = 10 * time.Second
	// revokeWait bounds how long a revocation waits for the batches in flight: well inside
	// the group's default rebalance timeout (60s). Past it the revoked partitions go to their
	// new owner uncommitted, which only means redelivery.
	revokeWait = 30 * time.Second
	// lagEvery is how often the group's lag is asked of the brokers.
	lagEvery = 5 * time.Second
)

// Config configures a Consumer. Brokers, Topic and Group are required.
type Config struct {
	Brokers  []string
	Topic    string
	Group    string
	ClientID string // default "newsgraph"
	// Batch is the most records one poll returns; each poll is extracted, applied to the
	// store and committed as a unit: one store.Add, or, when tombstones must come between
	// versions of one article, Adds and Deletes in turn (plan).
	Batch int
	// MaxInFlight is the most batches polled but not yet committed: with 2, the next batch is
	// extracted while the last one is written to the store.
	MaxInFlight int
	// Workers is the number of extraction goroutines (default GOMAXPROCS).
	Workers int
	// MaxMessageBytes bounds one message (DefaultMaxMessageBytes when 0).
	MaxMessageBytes int
	// DLQ is the dead-letter topic bad records are copied to before their offsets are
	// committed; empty means they are only logged and counted. It is created if missing.
	DLQ string
	// SessionTimeout is how long the group waits for a silent member before handing its
	// partitions to the others (DefaultSessionTimeout when 0).
	SessionTimeout time.Duration
	// StoreRetry is how long a store that reports graphstore.ErrUnavailable is retried before
	// Run gives up (DefaultStoreRetry when 0).
	StoreRetry time.Duration
	// IdleExit, if positive, makes Run return once no record came for that long: for
	// catch-up runs and benchmarks. Zero runs until ctx is done.
	IdleExit time.Duration
	// LogEvery is the interval of the progress log lines (DefaultLogEvery when 0, none when
	// negative).
	LogEvery time.Duration
	Logger   *slog.Logger // default slog.Default()
	// BeforeCommit, if set, is called after a batch is stored and before its offsets are
	// committed. An error stops the consumer without committing, as a crash in that window
	// would: tests use it to show that redelivery changes nothing.
	BeforeCommit func(ctx context.Context, records []*kgo.Record) error
	// ClientOpts are extra franz-go options, appended last.
	ClientOpts []kgo.Opt
}

func (c Config) withDefaults() Config {
	if c.ClientID == "" {
		c.ClientID = "newsgraph"
	}
	if c.Batch <= 0 {
		c.Batch = DefaultBatch
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = DefaultMaxInFlight
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if c.SessionTimeout <= 0 {
		c.SessionTimeout = DefaultSessionTimeout
	}
	if c.StoreRetry <= 0 {
		c.StoreRetry = DefaultStoreRetry
	}
	if c.LogEvery == 0 {
		c.LogEvery = DefaultLogEvery
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Consumer is one member of a consumer group that keeps a graph store current from a topic.
type Consumer struct {
	cfg     Config
	store   graphstore.Store
	x       pipeline.Extractor
	log     *slog.Logger
	metrics *Metrics

	mu       sync.Mutex
	inflight []*batch // polled, not yet committed or given up, in poll order
}

// batch is one poll's records on their way through extraction, the store and the commit.
type batch struct {
	recs  []*kgo.Record
	steps []step // the store calls of its good records, in order (plan)
	bad   []badRecord
	words int64
	done  chan struct{} // closed when the batch is committed or given up
}

type badRecord struct {
	rec *kgo.Record
	err error
}

// NewConsumer checks cfg and returns a consumer that writes to store what x extracts. Run
// starts it.
func NewConsumer(cfg Config, store graphstore.Store, x pipeline.Extractor) (*Consumer, error) {
	cfg = cfg.withDefaults()
	switch {
	case len(cfg.Brokers) == 0:
		return nil, errors.New("kafka consumer: no brokers")
	case cfg.Topic == "":
		return nil, errors.New("kafka consumer: no topic")
	case cfg.Group == "":
		return nil, errors.New("kafka consumer: no group")
	case cfg.DLQ == cfg.Topic:
		return nil, errors.New("kafka consumer: the dead-letter topic is the topic itself")
	case store == nil || x == nil:
		return nil, errors.New("kafka consumer: no store or extractor")
	}
	return &Consumer{cfg: cfg, store: store, x: x, log: cfg.Logger, metrics: newMetrics()}, nil
}

// Metrics returns the consumer's counters.
func (c *Consumer) Metrics() *Metrics { return c.metrics }

func (c *Consumer) clientOpts() []kgo.Opt {
	hb := min(3*time.Second, c.cfg.SessionTimeout/3)
	opts := []kgo.Opt{
		kgo.SeedBrokers(c.cfg.Brokers...),
		kgo.ClientID(c.cfg.ClientID),
		kgo.ConsumerGroup(c.cfg.Group),
		kgo.ConsumeTopics(c.cfg.Topic),
		kgo.Balancers(kgo.CooperativeStickyBalancer()),
		// No rebalance between a poll and its batch joining the batches in flight, which
		// onRevoked waits for: otherwise a batch polled in that instant could be written
		// after the partition's new owner wrote later records of it, and an old version
		// land after its tombstone. poll allows rebalances again at once.
		kgo.BlockRebalanceOnPoll(),
		// Offsets are committed by hand, after the store write: never before.
		kgo.DisableAutoCommit(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.SessionTimeout(c.cfg.SessionTimeout),
		kgo.HeartbeatInterval(hb),
		kgo.OnPartitionsAssigned(c.onAssigned),
		kgo.OnPartitionsRevoked(c.onRevoked),
		kgo.OnPartitionsLost(c.onLost),
		kgo.WithLogger(kgoLogger{c.log}),
	}
	return append(opts, c.cfg.ClientOpts...)
}

// Run joins the group and consumes until ctx is done (or IdleExit passes without records),
// then finishes the batches in flight, commits them and leaves the group. It returns an
// error only for what a restart would not fix by itself: a store that stays unavailable
// past StoreRetry, invalid data, a dead-letter topic that cannot be written.
func (c *Consumer) Run(ctx context.Context) error {
	cl, err := kgo.NewClient(c.clientOpts()...)
	if err != nil {
		return fmt.Errorf("kafka consumer: %w", err)
	}
	defer cl.Close() // leaves the group; nothing is committed on the way out
	if c.cfg.DLQ != "" {
		if err := EnsureTopic(ctx, cl, c.cfg.DLQ, 1); err != nil {
			return fmt.Errorf("kafka consumer: dead-letter topic: %w", err)
		}
	}
	c.log.Info("consumer starting", "topic", c.cfg.Topic, "group", c.cfg.Group, "client_id", c.cfg.ClientID,
		"batch", c.cfg.Batch, "max_in_flight", c.cfg.MaxInFlight, "workers", c.cfg.Workers, "dlq", c.cfg.DLQ)

	// work is what extraction and the store write run under: a shutdown (ctx) lets the
	// batches in flight finish; only a fatal error cancels it.
	work, fail := context.WithCancelCause(context.WithoutCancel(ctx))
	defer fail(nil)
	polling, stopPolling := context.WithCancel(ctx)
	defer stopPolling()
	stopProgress := c.logProgress(cl)
	defer stopProgress()

	slots := make(chan struct{}, c.cfg.MaxInFlight)
	toExtract := make(chan *batch)
	toWrite := make(chan *batch)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(toWrite)
		for b := range toExtract {
			if work.Err() == nil {
				if err := c.extract(work, b); err != nil {
					fail(err)
					stopPolling()
				}
			}
			toWrite <- b
		}
	})
	wg.Go(func() {
		for b := range toWrite {
			if work.Err() == nil {
				if err := c.write(work, cl, b); err != nil {
					fail(err)
					stopPolling()
				}
			}
			c.finish(b)
			<-slots
		}
	})

	c.poll(polling, cl, slots, toExtract)
	close(toExtract)
	wg.Wait()
	stopProgress()
	if err := context.Cause(work); err != nil {
		return err
	}
	c.log.Info("consumer stopped; leaving the group")
	return nil
}

// poll hands batches to extraction until ctx is done, holding a slot for each.
func (c *Consumer) poll(ctx context.Context, cl *kgo.Client, slots chan struct{}, out chan<- *batch) {
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		// Idle means a poll waited IdleExit in vain; time spent waiting for a slot is busy.
		pollCtx, cancel := ctx, context.CancelFunc(func() {})
		if c.cfg.IdleExit > 0 {
			pollCtx, cancel = context.WithTimeout(ctx, c.cfg.IdleExit)
		}
		fetches := cl.PollRecords(pollCtx, c.cfg.Batch)
		idle := pollCtx.Err() != nil && ctx.Err() == nil
		cancel()
		if fetches.IsClientClosed() {
			<-slots
			return
		}
		errored := false
		fetches.EachError(func(topic string, p int32, err error) {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return
			}
			errored = true
			c.log.Warn("fetch failed", "topic", topic, "partition", p, "err", err)
		})
		recs := fetches.Records()
		c.metrics.polledRecords(len(recs))
		var b *batch
		if len(recs) > 0 {
			b = &batch{recs: recs, done: make(chan struct{})}
			c.mu.Lock()
			c.inflight = append(c.inflight, b)
			c.mu.Unlock()
		}
		// The batch is in flight, where a revocation waits for it: the group may rebalance.
		cl.AllowRebalance()
		if b == nil {
			<-slots
			switch {
			case ctx.Err() != nil:
				return
			case idle:
				c.log.Info("no records; exiting", "idle", c.cfg.IdleExit)
				return
			case errored:
				// Errors come back at once (a missing topic, a broker down): do not spin.
				select {
				case <-time.After(time.Second):
				case <-ctx.Done():
					return
				}
			}
			continue
		}
		out <- b
	}
}

// finish takes b out of the batches in flight: committed, or given up after a fatal error.
func (c *Consumer) finish(b *batch) {
	c.mu.Lock()
	if i := slices.Index(c.inflight, b); i >= 0 {
		c.inflight = slices.Delete(c.inflight, i, i+1)
	}
	c.mu.Unlock()
	close(b.done)
}

// write applies b's steps to the store in order, sends its bad records to the dead-letter
// topic and then, only then, commits its offsets. A failed commit is not fatal: the records
// come again, and replaying them converges on the same graph: the store skips a version it
// holds and a delete of an id it does not hold.
func (c *Consumer) write(ctx context.Context, cl *kgo.Client, b *batch) error {
	for _, s := range b.steps {
		if err := c.apply(ctx, s); err != nil {
			return err
		}
	}
	c.metrics.words.Add(b.words)
	if err := c.deadLetter(ctx, cl, b.bad); err != nil {
		return err
	}
	if c.cfg.BeforeCommit != nil {
		if err := c.cfg.BeforeCommit(ctx, b.recs); err != nil {
			return fmt.Errorf("kafka consumer: before commit: %w", err)
		}
	}
	if err := cl.CommitRecords(ctx, b.recs...); err != nil {
		c.metrics.commitErrors.Add(1)
		c.log.Warn("commit failed; these records will be delivered again", "records", len(b.recs), "err", err)
		return nil
	}
	c.metrics.commit(b.recs)
	return nil
}

// apply makes one step's store call and counts what it did.
func (c *Consumer) apply(ctx context.Context, s step) error {
	if len(s.ids) > 0 {
		deleted, err := c.retry(ctx, func() (int, error) { return c.store.Delete(ctx, s.ids) })
		if err != nil {
			return err
		}
		c.metrics.tombstones.Add(int64(len(s.ids)))
		c.metrics.deleted.Add(int64(deleted))
		// The rest were not in the store: never stored, or deleted by an earlier delivery.
		c.log.Info("tombstones applied", "tombstones", len(s.ids), "deleted", deleted, "ids", fmtIDs(s.ids))
		return nil
	}
	written, err := c.retry(ctx, func() (int, error) { return c.store.Add(ctx, s.results) })
	if err != nil {
		return err
	}
	c.metrics.stored.Add(int64(written))
	c.metrics.duplicates.Add(int64(len(s.results) - written))
	return nil
}

// retry makes a store call, retrying for StoreRetry while the store is unavailable.
func (c *Consumer) retry(ctx context.Context, call func() (int, error)) (int, error) {
	giveUp := time.Now().Add(c.cfg.StoreRetry)
	for delay := 500 * time.Millisecond; ; delay = min(2*delay, 10*time.Second) {
		n, err := call()
		if err == nil {
			return n, nil
		}
		if !errors.Is(err, graphstore.ErrUnavailable) || time.Now().Add(delay).After(giveUp) {
			return 0, fmt.Errorf("kafka consumer: store: %w", err)
		}
		c.metrics.storeRetries.Add(1)
		c.log.Warn("store unavailable; retrying", "in", delay, "err", err)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func (c *Consumer) onAssigned(_ context.Context, _ *kgo.Client, assigned map[string][]int32) {
	if len(assigned) > 0 {
		c.log.Info("partitions assigned", "partitions", fmtPartitions(assigned))
		c.metrics.assign(assigned, true)
	}
}

// onRevoked lets the batches in flight finish and commit before the partitions go to
// another member, so it starts where this one stopped. Every batch is waited for, not just
// those with revoked partitions: that is simpler and a batch takes well under a second.
func (c *Consumer) onRevoked(ctx context.Context, _ *kgo.Client, revoked map[string][]int32) {
	if len(revoked) == 0 {
		return
	}
	c.mu.Lock()
	pending := slices.Clone(c.inflight)
	c.mu.Unlock()
	c.log.Info("partitions revoked; finishing the batches in flight", "partitions", fmtPartitions(revoked), "batches", len(pending))
	timeout := time.NewTimer(revokeWait)
	defer timeout.Stop()
	for _, b := range pending {
		select {
		case <-b.done:
		case <-timeout.C:
			c.log.Warn("batches still in flight after a revocation; their records will be delivered again", "waited", revokeWait)
			c.metrics.assign(revoked, false)
			return
		case <-ctx.Done():
			return
		}
	}
	c.metrics.assign(revoked, false)
}

// onLost drops partitions lost to a group error: commits for them would fail, and their
// new owner starts from the last commit.
func (c *Consumer) onLost(_ context.Context, _ *kgo.Client, lost map[string][]int32) {
	if len(lost) > 0 {
		c.log.Warn("partitions lost; uncommitted records will be delivered again", "partitions", fmtPartitions(lost))
		c.metrics.assign(lost, false)
	}
}

// logProgress refreshes the group's lag and logs a progress line every LogEvery (the lag
// every lagEvery when there are no lines) until the returned function is called.
func (c *Consumer) logProgress(cl *kgo.Client) (stop func()) {
	every := c.cfg.LogEvery
	if every < 0 || every > lagEvery {
		every = lagEvery
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		adm := kadm.NewClient(cl)
		t := time.NewTicker(every)
		defer t.Stop()
		last, lastAt, lastLine := c.metrics.Snapshot(), time.Now(), time.Now()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				c.refreshLag(adm, done)
				if c.cfg.LogEvery < 0 || now.Sub(lastLine) < c.cfg.LogEvery-every/2 {
					continue
				}
				s := c.metrics.Snapshot()
				c.log.Info("progress", "stored", s.Stored, "duplicates", s.Duplicates, "deleted", s.Deleted, "bad", s.BadTotal(),
					"committed", s.Committed, "group_lag", s.Lag, "partitions", s.Partitions,
					"articles_per_s", rate(s.Stored-last.Stored, now.Sub(lastAt)))
				last, lastAt, lastLine = s, now, now
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); <-finished }) }
}

// refreshLag sets the lag metric to the records of the topic the group has not committed:
// the end offset less the committed one, or less the log start where nothing was committed.
func (c *Consumer) refreshLag(adm *kadm.Client, done <-chan struct{}) {
	ctx, cancel := context.WithTimeout(context.Background(), lagEvery)
	defer cancel()
	go func() {
		select {
		case <-done:
			cancel()
		case <-ctx.Done():
		}
	}()
	starts, err := adm.ListStartOffsets(ctx, c.cfg.Topic)
	if err == nil {
		err = starts.Error()
	}
	ends, err2 := adm.ListEndOffsets(ctx, c.cfg.Topic)
	if err2 == nil {
		err2 = ends.Error()
	}
	committed, err3 := adm.FetchOffsets(ctx, c.cfg.Group)
	if err := errors.Join(err, err2, err3); err != nil {
		c.log.Debug("lag not refreshed", "err", err)
		return
	}
	var lag int64
	ends.Each(func(e kadm.ListedOffset) {
		from := int64(0)
		if s, ok := starts.Lookup(e.Topic, e.Partition); ok {
			from = s.Offset
		}
		if o, ok := committed.Lookup(e.Topic, e.Partition); ok && o.Err == nil && o.At >= 0 {
			from = max(from, o.At)
		}
		lag += max(0, e.Offset-from)
	})
	c.metrics.lag.Store(lag)
}

// maxLoggedIDs bounds the ids one log line lists; a mass retraction is summed up.
const maxLoggedIDs = 10

// fmtIDs lists ids for a log line, at most maxLoggedIDs of them.
func fmtIDs(ids []string) string {
	if len(ids) <= maxLoggedIDs {
		return strings.Join(ids, ",")
	}
	return fmt.Sprintf("%s,… (%d more)", strings.Join(ids[:maxLoggedIDs], ","), len(ids)-maxLoggedIDs)
}

func fmtPartitions(ps map[string][]int32) string {
	s := ""
	for _, t := range slices.Sorted(maps.Keys(ps)) {
		ids := slices.Clone(ps[t])
		slices.Sort(ids)
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("%s%v", t, ids)
	}
	return s
}
