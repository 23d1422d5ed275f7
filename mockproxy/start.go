package mockproxy

// The start state: the WithTopic topics and the seeds (package seed),
// applied when the server is built and again by Reset. A seed is applied
// through the backend's own CreateTopic, Produce and CommitOffsets, the
// code the HTTP handlers use, and is never subject to fault rules.

import (
	"fmt"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// seedSource is one WithSeed or WithSeedFile option: a parsed seed, or a
// file that setupStart parses.
type seedSource struct {
	path string
	seed *Seed
}

// setupStart parses the seed files and builds the start state. It runs
// once, in New, before the server is shared.
func (s *Server) setupStart() error {
	for i := range s.cfg.seeds {
		src := &s.cfg.seeds[i]
		if src.seed != nil {
			continue
		}
		sd, err := LoadSeedFile(src.path)
		if err != nil {
			return fmt.Errorf("mockproxy: seed %w", err)
		}
		src.seed = sd
	}
	return s.applyStart()
}

// stampingTarget gives seed records without a timestamp the server's
// clock's time, as the in-memory log does itself, so that a backend with
// a clock of its own (a Kafka cluster) stamps them the same way.
type stampingTarget struct {
	backend.Backend
	clock fakelog.Clock
}

func (st stampingTarget) Produce(topic string, recs []fakelog.Record) ([]fakelog.Result, error) {
	now := st.clock.Now()
	for i := range recs {
		if recs[i].Timestamp.IsZero() {
			recs[i].Timestamp = now
		}
	}
	return st.Backend.Produce(topic, recs)
}

// applyStart creates the WithTopic topics and applies the seeds to the
// log, as at start.
func (s *Server) applyStart() error {
	for _, t := range s.cfg.topics {
		if err := s.be.CreateTopic(t.name, t.partitions, nil); err != nil {
			return fmt.Errorf("mockproxy: topic %q: %w", t.name, err)
		}
	}
	for _, src := range s.cfg.seeds {
		if src.seed == nil {
			continue
		}
		if err := src.seed.Apply(seedTarget{stampingTarget{s.be, s.cfg.clock}, &s.schemas}); err != nil {
			if src.path != "" {
				return fmt.Errorf("mockproxy: seed %s: %w", src.path, err)
			}
			return fmt.Errorf("mockproxy: seed: %w", err)
		}
	}
	return nil
}
