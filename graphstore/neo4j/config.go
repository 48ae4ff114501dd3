package neo4j

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/newsgraph/newsgraph/graphstore"
)

// Defaults for Config fields left zero.
const (
	DefaultURI = "neo4j://127.0.0.1:7687"
	// DefaultBatchSize is the number of rows per UNWIND statement: large enough that the
	// per-statement round trip disappears, small enough that one statement's parameters stay a
	// few megabytes.
	DefaultBatchSize = 2000
	// DefaultRetryTime is how long a write is retried on transient errors before Add gives
	// up: long enough that a batch run survives a server restart (5–30 s on a busy machine),
	// short enough that a server that stays down is reported within about two minutes.
	DefaultRetryTime = time.Minute
)

// Config says where the Neo4j server is and how to write to it.
type Config struct {
	// URI is the Bolt or neo4j:// address (DefaultURI when empty).
	URI string
	// Username and Password authenticate; both empty means no authentication (a server
	// started with auth disabled, as scripts/neo4j.sh does). A password without a username
	// logs in as "neo4j".
	Username string
	Password string
	// Database is the database to use; empty means the server's default (Community has one).
	Database string
	// BatchSize is the number of rows per UNWIND statement (DefaultBatchSize when <= 0).
	BatchSize int
	// RetryTime bounds how long a transaction is retried on transient errors: deadlocks
	// between concurrent writers, leader switches, a connection lost to a restarting server
	// (DefaultRetryTime when <= 0). The driver checks it before each exponential back-off
	// sleep, so a server that stays down fails Add with ErrUnavailable after at most about
	// twice this; callers wanting less pass a context deadline.
	RetryTime time.Duration
	// OnChange is what Add does with a stored article id that comes with another content
	// hash (graphstore.Replace, the zero value, or graphstore.Keep).
	OnChange graphstore.OnChange
}

// ConfigFromEnv reads NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE, the
// variables Neo4j's own tools use.
func ConfigFromEnv() Config {
	c := Config{
		URI:      os.Getenv("NEO4J_URI"),
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	if c.URI == "" {
		c.URI = DefaultURI
	}
	return c
}

func (c Config) uri() string {
	if c.URI == "" {
		return DefaultURI
	}
	return c.URI
}

func (c Config) batchSize() int {
	if c.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return c.BatchSize
}

func (c Config) retryTime() time.Duration {
	if c.RetryTime <= 0 {
		return DefaultRetryTime
	}
	return c.RetryTime
}

func (c Config) username() string {
	if c.Username == "" && c.Password != "" {
		return "neo4j"
	}
	return c.Username
}

// redactedURI is the URI with any user info's password masked: a URI like
// neo4j://user:secret@host must not leak through logs or error messages either.
func (c Config) redactedURI() string {
	u, err := url.Parse(c.uri())
	if err != nil {
		return "(unparsable URI)"
	}
	return u.Redacted()
}

// String describes c with the password redacted, so a Config can be printed or logged safely.
func (c Config) String() string {
	pw := ""
	if c.Password != "" {
		pw = "xxxxx"
	}
	return fmt.Sprintf("neo4j.Config{URI: %s, Username: %q, Password: %q, Database: %q, BatchSize: %d, RetryTime: %v}",
		c.redactedURI(), c.Username, pw, c.Database, c.batchSize(), c.retryTime())
}

// GoString keeps %#v from printing the password too.
func (c Config) GoString() string { return c.String() }

// LogValue implements slog.LogValuer with the password redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("uri", c.redactedURI()),
		slog.String("username", c.Username),
		slog.Bool("password_set", c.Password != ""),
		slog.String("database", c.Database),
		slog.Int("batch_size", c.batchSize()),
		slog.Duration("retry_time", c.retryTime()),
	)
}
