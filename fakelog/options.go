package fakelog

// Option configures a [Log] built by [New].
type Option interface{ apply(*config) }

// config is what the options set. It is read-only once New returns.
type config struct {
	clock     Clock
	retention retention
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithClock makes the log use c for record timestamps and for the timeout
// of [Log.WaitForData]. The default is [RealClock]; a nil c keeps it.
func WithClock(c Clock) Option {
	return optionFunc(func(cfg *config) {
		if c != nil {
			cfg.clock = c
		}
	})
}

// WithRetention sets the default per-partition retention of every topic:
// after each append, the oldest records of a partition are dropped (its
// log start offset advances) while it holds more than maxRecords records
// or more than maxBytes payload bytes (see [PartitionInfo.Bytes]). A limit
// of 0 or less means unlimited, the default.
//
// The topic configs "retention.bytes" and "retention.records" override
// these limits per topic (see [Log.CreateTopic]). Byte retention never
// drops a partition's newest record, in the way Kafka never deletes the
// active segment, so a single record larger than the limit stays readable
// until the next append.
func WithRetention(maxRecords int64, maxBytes int64) Option {
	return optionFunc(func(cfg *config) {
		cfg.retention = retention{records: maxRecords, bytes: maxBytes}.normalized()
	})
}

// retention is a resolved per-partition retention limit; 0 = unlimited.
type retention struct {
	records int64
	bytes   int64
}

func (r retention) normalized() retention {
	return retention{records: max(r.records, 0), bytes: max(r.bytes, 0)}
}
