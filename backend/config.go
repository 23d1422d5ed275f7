package backend

import (
	"cmp"
	"fmt"
	"time"
)

// Auto offset reset policies, the values of Kafka's auto.offset.reset:
// where a consumer starts in a partition for which its group has no
// committed offset, or whose position fell outside the log.
const (
	// ResetLatest starts at the log end offset (Kafka's default).
	ResetLatest = "latest"
	// ResetEarliest starts at the log start offset.
	ResetEarliest = "earliest"
	// ResetNone makes Poll fail with a [NoOffsetError] or an
	// [OffsetOutOfRangeError].
	ResetNone = "none"
)

// Consumer config defaults, those of Kafka's Java consumer.
const (
	DefaultAutoCommitInterval = 5 * time.Second
	DefaultMaxPollRecords     = 500
	DefaultMaxPollInterval    = 5 * time.Minute
)

// ConsumerConfig configures a [Consumer].
type ConsumerConfig struct {
	// Group is the consumer group id (Kafka group.id); required.
	Group string
	// MemberID names the consumer in its group; required, and unique
	// among the group's open consumers. The in-memory log assigns
	// partitions in MemberID order (see fakelog.Consumer).
	MemberID string
	// AutoOffsetReset is [ResetLatest] (also when empty), [ResetEarliest]
	// or [ResetNone] (Kafka auto.offset.reset).
	AutoOffsetReset string
	// AutoCommit commits the consumer's positions every
	// AutoCommitInterval (checked at Poll and Assign; the interval counts
	// from the consumer's creation or its last interval commit), before
	// each rebalance, and at Close and Unsubscribe (Kafka
	// enable.auto.commit). A failed auto-commit (a topic deleted in the
	// meantime) skips the partitions that no longer exist.
	AutoCommit bool
	// AutoCommitInterval is Kafka's auto.commit.interval.ms, on the
	// backend's clock; 0 means [DefaultAutoCommitInterval].
	AutoCommitInterval time.Duration
	// MaxPollRecords caps the records one Poll returns (Kafka
	// max.poll.records); 0 means [DefaultMaxPollRecords].
	MaxPollRecords int
	// MaxPollInterval is Kafka's max.poll.interval.ms, on the backend's
	// clock: a group member that does not Poll within it leaves its
	// group, and it is the member's rebalance timeout; 0 means
	// [DefaultMaxPollInterval].
	MaxPollInterval time.Duration
	// SharedBytes lets Poll return keys, values and header values that
	// share memory with the backend's log instead of copies; the caller
	// must then never modify them. A backend that must copy anyway
	// ignores it.
	SharedBytes bool
}

// Check validates cfg as a backend's NewConsumer does and returns it with
// the defaults filled in: AutoOffsetReset [ResetLatest],
// AutoCommitInterval [DefaultAutoCommitInterval], MaxPollRecords
// [DefaultMaxPollRecords], MaxPollInterval [DefaultMaxPollInterval]. It
// returns an error wrapping [ErrInvalidGroup]
// for an empty group id, [ErrInvalidArgument] for an empty member id, and
// an [InvalidConfigError] with Kafka's text for a bad AutoOffsetReset
// ("Invalid value x for configuration auto.offset.reset: String must be
// one of: latest, earliest, none") or a negative AutoCommitInterval,
// MaxPollRecords or MaxPollInterval, so that every backend refuses the same configs with the
// same texts. It does not block.
func (cfg ConsumerConfig) Check() (ConsumerConfig, error) {
	if cfg.Group == "" {
		return cfg, fmt.Errorf("%w: empty group id", ErrInvalidGroup)
	}
	if cfg.MemberID == "" {
		return cfg, fmt.Errorf("%w: empty member id", ErrInvalidArgument)
	}
	switch cfg.AutoOffsetReset {
	case "":
		cfg.AutoOffsetReset = ResetLatest
	case ResetLatest, ResetEarliest, ResetNone:
	default:
		return cfg, &InvalidConfigError{Message: fmt.Sprintf(
			"Invalid value %s for configuration auto.offset.reset: String must be one of: latest, earliest, none", cfg.AutoOffsetReset)}
	}
	if cfg.AutoCommitInterval < 0 {
		return cfg, &InvalidConfigError{Message: fmt.Sprintf(
			"Invalid value %d for configuration auto.commit.interval.ms: Value must be at least 0", cfg.AutoCommitInterval.Milliseconds())}
	}
	if cfg.MaxPollRecords < 0 {
		return cfg, &InvalidConfigError{Message: fmt.Sprintf(
			"Invalid value %d for configuration max.poll.records: Value must be at least 1", cfg.MaxPollRecords)}
	}
	if cfg.MaxPollInterval < 0 {
		return cfg, &InvalidConfigError{Message: fmt.Sprintf(
			"Invalid value %d for configuration max.poll.interval.ms: Value must be at least 1", cfg.MaxPollInterval.Milliseconds())}
	}
	cfg.MaxPollInterval = cmp.Or(cfg.MaxPollInterval, DefaultMaxPollInterval)
	cfg.AutoCommitInterval = cmp.Or(cfg.AutoCommitInterval, DefaultAutoCommitInterval)
	cfg.MaxPollRecords = cmp.Or(cfg.MaxPollRecords, DefaultMaxPollRecords)
	return cfg, nil
}
