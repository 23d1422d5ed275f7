package mockproxy

import (
	"maps"
	"sync"
	"time"
)

// DefaultJournalSize is how many requests the journal keeps by default;
// older ones are dropped first.
const DefaultJournalSize = 10000

// JournalEntry is one request as the server saw and answered it.
type JournalEntry struct {
	Time      time.Time         `json:"time"`
	Method    string            `json:"method"`
	Path      string            `json:"path"`
	Query     string            `json:"query,omitempty"`
	Route     string            `json:"route,omitempty"` // path template, "" when no route matched
	API       string            `json:"api,omitempty"`   // "v1", "v2", "v3" or "admin"
	Params    map[string]string `json:"params,omitempty"`
	Status    int               `json:"status"`
	ErrorCode int               `json:"error_code,omitempty"`
	Duration  time.Duration     `json:"duration_ns"`
	Fault     string            `json:"fault,omitempty"` // id of the rule that fired
}

// journal is a bounded log of requests.
type journal struct {
	// mu guards entries, next and full.
	mu      sync.Mutex
	entries []JournalEntry // ring buffer of cap entries
	next    int
	full    bool
}

func (j *journal) add(e JournalEntry, size int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.entries == nil {
		j.entries = make([]JournalEntry, 0, min(size, 1024))
	}
	if len(j.entries) < size {
		j.entries = append(j.entries, e)
		return
	}
	j.entries[j.next] = e
	j.next = (j.next + 1) % size
	j.full = true
}

func (j *journal) list() []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]JournalEntry, 0, len(j.entries))
	if j.full {
		out = append(out, j.entries[j.next:]...)
		out = append(out, j.entries[:j.next]...)
	} else {
		out = append(out, j.entries...)
	}
	for i := range out {
		out[i].Params = maps.Clone(out[i].Params)
	}
	return out
}

func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries, j.next, j.full = nil, 0, false
}

// Requests returns the journal, oldest first: every request served (up to
// the journal size), with its route template, path parameters, status,
// error_code, duration and the fault rule that fired. Safe for concurrent
// use; the entries are copies.
func (s *Server) Requests() []JournalEntry { return s.journal.list() }

// ClearRequests empties the journal.
func (s *Server) ClearRequests() { s.journal.clear() }
