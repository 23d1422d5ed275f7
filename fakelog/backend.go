package fakelog

import "github.com/kafkarestmock/kafkarestmock/backend"

// Backend returns l as a backend.Backend, the in-memory backend of the
// REST layer. Its methods are l's, with NewConsumer returning the
// *Consumer as a backend.Consumer and Reset calling [Log.Reset].
func (l *Log) Backend() backend.Backend { return memory{l} }

// FromBackend returns the *Log behind a backend that [Log.Backend]
// returned, or nil for any other backend.
func FromBackend(b backend.Backend) *Log {
	if m, ok := b.(memory); ok {
		return m.Log
	}
	return nil
}

// memory is a *Log as a backend.Backend.
type memory struct{ *Log }

func (m memory) NewConsumer(cfg ConsumerConfig) (backend.Consumer, error) {
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
