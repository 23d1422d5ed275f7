package scenario

// DropConnectionEffect closes the connection without an answer: the
// drop_connection effect, set by [Fault.DropConnection].
type DropConnectionEffect struct{}

func dropConnectionOf(f Fault) (Effect, bool) {
	return DropConnectionEffect{}, f.DropConnection
}

// Name returns "drop_connection".
func (DropConnectionEffect) Name() string { return "drop_connection" }

func (DropConnectionEffect) check() error { return nil }
