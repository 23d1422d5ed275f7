package backend

import (
	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// Memory returns l as a Backend. The Backend's methods are l's, with
// NewConsumer returning the *fakelog.Consumer as a Consumer and Reset
// calling l.Reset.
func Memory(l *fakelog.Log) Backend { return memory{l} }

type memory struct{ *fakelog.Log }

func (m memory) NewConsumer(cfg fakelog.ConsumerConfig) (Consumer, error) {
	c, err := m.Log.NewConsumer(cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (m memory) Reset() error {
	m.Log.Reset()
	return nil
}

// Unwrap returns the *fakelog.Log behind a Memory backend, or nil.
func Unwrap(b Backend) *fakelog.Log {
	if m, ok := b.(memory); ok {
		return m.Log
	}
	return nil
}
