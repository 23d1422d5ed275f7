package scenario

// Effect is what a fired rule does to the request. Each kind of effect is
// one type with its own file: [KafkaErrorEffect], [ResponseEffect],
// [DelayEffect], [DropConnectionEffect] and [EmptyPollsEffect]. A rule
// has exactly one, set through its own field of [Fault];
// [Fault.Effect] returns it.
type Effect interface {
	// Name returns the field of a rule that sets the effect, as in
	// scenario files: "kafka_error", "delay_ms", ….
	Name() string
	// check reports a problem with the effect's field, naming the field.
	// It is called whether or not the rule has the effect, so that a
	// value that does not set it (delay_ms: -1) is reported too.
	check() error
}

// effects lists every kind of effect, in the order error messages name
// them. Each entry returns a rule's effect of its kind, and whether the
// rule has it. Validation, [Fault.Effect] and [Effects] derive from it;
// a new kind of effect is one file with its type and one line here.
var effects = [...]func(Fault) (Effect, bool){
	kafkaErrorOf,
	responseOf,
	delayOf,
	dropConnectionOf,
	emptyPollsOf,
}

// Effects returns the names of the effects a rule can have (see
// [Effect.Name]), in the order error messages list them.
func Effects() []string {
	out := make([]string, len(effects))
	for i, of := range effects {
		e, _ := of(Fault{})
		out[i] = e.Name()
	}
	return out
}

// Effect returns the rule's effect, or nil when it has none. A valid
// rule has exactly one; of an invalid rule with several, Effect returns
// the first in the order of [Effects].
func (f Fault) Effect() Effect {
	for _, of := range effects {
		if e, ok := of(f); ok {
			return e
		}
	}
	return nil
}

// checkEffectFields checks the field of every kind of effect, in the
// order of [Effects], and returns the first problem.
func (f Fault) checkEffectFields() error {
	for _, of := range effects {
		e, _ := of(f)
		if err := e.check(); err != nil {
			return err
		}
	}
	return nil
}

// countEffects reports a rule with no effect or with more than one.
func (f Fault) countEffects() error {
	var names []string
	for _, of := range effects {
		if e, ok := of(f); ok {
			names = append(names, e.Name())
		}
	}
	switch len(names) {
	case 0:
		return fieldErrorf("", "no effect: want one of %s", joinList(Effects(), "or"))
	case 1:
		return nil
	}
	return fieldErrorf("", "more than one effect: %s", joinList(names, "and"))
}

// timesDefaulter is an effect that gives a rule without Times a default.
type timesDefaulter interface {
	defaultTimes() int
}
