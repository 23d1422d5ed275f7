package scenario

// EmptyPollsEffect makes reads return no records, as while a group
// rebalances: the empty_polls effect, set by [Fault.EmptyPolls] when it
// is > 0. A rule with it and without Times retires after Polls firings.
type EmptyPollsEffect struct {
	// Polls is how many matching reads come back empty.
	Polls int
}

func emptyPollsOf(f Fault) (Effect, bool) {
	return EmptyPollsEffect{Polls: f.EmptyPolls}, f.EmptyPolls > 0
}

// Name returns "empty_polls".
func (EmptyPollsEffect) Name() string { return "empty_polls" }

func (e EmptyPollsEffect) check() error {
	if e.Polls < 0 {
		return fieldErrorf(e.Name(), "must be >= 0")
	}
	return nil
}

func (e EmptyPollsEffect) defaultTimes() int { return e.Polls }
