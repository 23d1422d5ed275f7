package scenario

// KafkaErrorEffect answers with a Kafka error, or one of the proxy's own,
// rendered the way the real proxy renders that error on the endpoint: the
// kafka_error effect, set by [Fault.KafkaError].
type KafkaErrorEffect struct {
	// Error names a row of the error table (see [LookupKafkaError]).
	Error string
}

func kafkaErrorOf(f Fault) (Effect, bool) {
	return KafkaErrorEffect{Error: f.KafkaError}, f.KafkaError != ""
}

// Name returns "kafka_error".
func (KafkaErrorEffect) Name() string { return "kafka_error" }

func (e KafkaErrorEffect) check() error {
	if e.Error == "" {
		return nil
	}
	if _, ok := LookupKafkaError(e.Error); !ok {
		return fieldErrorf(e.Name(), "unknown Kafka error %q", e.Error)
	}
	return nil
}
