package mockproxy

import (
	"testing"
	"time"
)

// TestAppendInstant checks appendInstant's own formatting of common years
// against time.Format, at the edges of every field.
func TestAppendInstant(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 1e6, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 2, 29, 9, 5, 7, 120e6, time.FixedZone("x", -7*3600)),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 15, 12, 30, 0, 0, time.UTC),
	} {
		u := tm.UTC()
		want := `"` + u.Format("2006-01-02T15:04:05")
		if ms := u.Nanosecond() / 1e6; ms != 0 {
			want += u.Format(".000")
		}
		want += `Z"`
		if got := string(appendInstant(nil, tm)); got != want {
			t.Errorf("appendInstant(%v) = %s, want %s", tm, got, want)
		}
	}
}
