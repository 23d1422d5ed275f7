package schemareg

import "testing"

// TestGeneration checks that Generation moves with every change of the
// registry's state and stays put for calls that change nothing.
func TestGeneration(t *testing.T) {
	r := New()
	steps := []struct {
		name    string
		do      func() error
		changes bool
	}{
		{"register new", func() error { _, _, err := r.Register("s", Schema{Text: `"int"`}); return err }, true},
		{"register same", func() error { _, _, err := r.Register("s", Schema{Text: `"int"`}); return err }, false},
		{"lookup", func() error { _, err := r.Lookup("s", Schema{Text: `"int"`}); return err }, false},
		{"schema by id", func() error { _, err := r.SchemaByID(1); return err }, false},
		{"same schema, other subject", func() error { _, _, err := r.Register("s2", Schema{Text: `"int"`}); return err }, true},
		{"set compatibility", func() error { return r.SetCompatibility("s", None) }, true},
		{"delete compatibility", func() error { _, err := r.DeleteCompatibility("s"); return err }, true},
		{"delete version", func() error { _, err := r.DeleteVersion("s2", 1, false); return err }, true},
		{"delete subject", func() error { _, err := r.DeleteSubject("s", false); return err }, true},
		{"reset", func() error { r.Reset(); return nil }, true},
	}
	for _, st := range steps {
		before := r.Generation()
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if changed := r.Generation() != before; changed != st.changes {
			t.Errorf("%s: generation changed %v, want %v", st.name, changed, st.changes)
		}
	}
}
