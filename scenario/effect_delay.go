package scenario

import "time"

// DelayEffect delays the request by wall-clock time, whatever the
// server's clock mode, then lets it be answered normally: the delay_ms
// effect, set by [Fault.DelayMS] when it is > 0.
type DelayEffect struct {
	// MS is the delay in milliseconds.
	MS int
}

func delayOf(f Fault) (Effect, bool) {
	return DelayEffect{MS: f.DelayMS}, f.DelayMS > 0
}

// Name returns "delay_ms".
func (DelayEffect) Name() string { return "delay_ms" }

// Duration returns the delay.
func (e DelayEffect) Duration() time.Duration { return time.Duration(e.MS) * time.Millisecond }

func (e DelayEffect) check() error {
	if e.MS < 0 {
		return fieldErrorf(e.Name(), "must be >= 0")
	}
	return nil
}
