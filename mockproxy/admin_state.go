package mockproxy

// Admin state: POST /_mock/reset, the clock (GET /_mock/clock, which
// can wait for timers, POST /_mock/clock/advance), and what the web page shows of consumers:
// GET /_mock/consumers (instances with their assignments) and
// GET /_mock/groups (members and committed offsets).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kafkarestmock/kafkarestmock/fakelog"
)

// Reset returns the server to its start state: every consumer instance is
// dropped, the log is emptied (topics, records and consumer groups with
// their committed offsets), every fault rule is removed (those of
// WithFaults and WithScenarioFile too), the journal and the v3 broker
// and cluster configs are cleared; then the
// WithTopic topics are created and the seeds applied again, as New did.
// The clock is not moved back. Requests in flight during a Reset may fail.
//
// Reset holds the server's lock throughout, so Resets do not interleave,
// and waits for log calls in progress. It fails after Close, and with the
// seed's error if a seed no longer applies.
func (s *Server) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("mockproxy: reset: server closed")
	}
	if err := s.be.Reset(); err != nil { // a backend that refuses changes nothing
		return fmt.Errorf("mockproxy: reset: %w", err)
	}
	s.dropInstances()
	s.faults.Clear()
	s.journal.clear()
	s.acls.clear()
	s.brokerConfigs.clear()
	s.schemas.reset()
	return s.applyStart()
}

// dropInstances removes every consumer instance and closes its consumer.
// Reservations of instances being created stay, so their creation can
// finish.
func (s *Server) dropInstances() {
	s.consumers.mu.Lock()
	var all []*instance
	for k, in := range s.consumers.instances {
		if in != nil {
			all = append(all, in)
			delete(s.consumers.instances, k)
		}
	}
	s.consumers.mu.Unlock()
	closeAll(all)
}

func (s *Server) adminReset(w http.ResponseWriter, r *http.Request) {
	if err := s.Reset(); err != nil {
		adminError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeAdminJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// adminClockState is the clock as the admin API shows it.
type adminClockState struct {
	Mode  string    `json:"mode"` // "real" or "manual"
	Now   time.Time `json:"now"`
	NowMS int64     `json:"now_ms"`
}

// manualClock is the part of *fakelog.ManualClock that the admin API
// moves.
type manualClock interface {
	fakelog.Clock
	Advance(d time.Duration)
}

func (s *Server) clockState() adminClockState {
	now := s.cfg.clock.Now()
	mode := "real"
	if _, ok := s.cfg.clock.(manualClock); ok {
		mode = "manual"
	}
	return adminClockState{Mode: mode, Now: now, NowMS: now.UnixMilli()}
}

// clockWaiter is the part of *fakelog.ManualClock that
// GET /_mock/clock?waiters=N waits on.
type clockWaiter interface {
	BlockUntil(ctx context.Context, n int) error
}

// maxClockWaiters bounds N in GET /_mock/clock?waiters=N.
const maxClockWaiters = 1 << 20

// adminClock shows the clock. With ?waiters=N it first waits until at
// least N timers of the manual clock are pending (a read parked on the
// clock holds one), so that a test can advance the clock once a read
// waits instead of polling for it. The wait ends with the request or when
// the server closes (503); 409 when the clock is real.
func (s *Server) adminClock(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query(); q.Has("waiters") {
		v := q.Get("waiters")
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxClockWaiters {
			adminError(w, http.StatusBadRequest, fmt.Sprintf("waiters %q: want an integer between 0 and %d", v, maxClockWaiters))
			return
		}
		clk, ok := s.cfg.clock.(clockWaiter)
		if !ok {
			adminError(w, http.StatusConflict, "the clock is real and its timers are not counted; start the server with --clock manual (in Go: WithClock(fakelog.NewManualClock(start))) to wait for them")
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		go func() {
			select {
			case <-s.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		if err := clk.BlockUntil(ctx, n); err != nil {
			why := "the request ended"
			select {
			case <-s.done:
				why = "the server is closing"
			default:
			}
			adminError(w, http.StatusServiceUnavailable, fmt.Sprintf("stopped waiting for %d clock waiters: %s", n, why))
			return
		}
	}
	writeAdminJSON(w, http.StatusOK, s.clockState())
}

// adminAdvanceRequest is the body of POST /_mock/clock/advance.
type adminAdvanceRequest struct {
	MS *int64 `json:"ms"`
}

// maxAdvance bounds one advance, to keep clock arithmetic far from
// overflow: about 100 years.
const maxAdvance = 100 * 365 * 24 * time.Hour

// adminAdvanceClock moves a manual clock forward by {"ms":N}: timers due
// fire (long-polls end), and instances idle past their timeout expire at
// once. 409 when the clock is real.
func (s *Server) adminAdvanceClock(w http.ResponseWriter, r *http.Request) {
	clk, ok := s.cfg.clock.(manualClock)
	if !ok {
		adminError(w, http.StatusConflict, "the clock is real; start the server with --clock manual (in Go: WithClock(fakelog.NewManualClock(start))) to move time by hand")
		return
	}
	var req adminAdvanceRequest
	if err := decodeAdminBody(r, &req); err != nil {
		writeAdminBodyError(w, err)
		return
	}
	if req.MS == nil {
		adminError(w, http.StatusBadRequest, `ms: required, such as {"ms":60000}`)
		return
	}
	if *req.MS < 0 || *req.MS > maxAdvance.Milliseconds() {
		adminError(w, http.StatusBadRequest, "ms: must be between 0 and 3153600000000 (100 years)")
		return
	}
	clk.Advance(time.Duration(*req.MS) * time.Millisecond)
	s.ConsumerInstances() // removes the instances that expired
	writeAdminJSON(w, http.StatusOK, s.clockState())
}

// adminTP is a topic partition.
type adminTP struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
}

func toAdminTPs(tps []fakelog.TopicPartition) []adminTP {
	out := make([]adminTP, len(tps))
	for i, tp := range tps {
		out[i] = adminTP{Topic: tp.Topic, Partition: tp.Partition}
	}
	return out
}

// adminConsumer is one consumer instance.
type adminConsumer struct {
	API        string    `json:"api"`
	Group      string    `json:"group"`
	Name       string    `json:"name"`
	Format     string    `json:"format"`
	Expires    time.Time `json:"expires"`
	Assignment []adminTP `json:"assignment"`
}

// adminConsumers lists the live consumer instances, sorted by API, group
// and name.
func (s *Server) adminConsumers(w http.ResponseWriter, r *http.Request) {
	ins := s.ConsumerInstances()
	out := make([]adminConsumer, len(ins))
	for i, in := range ins {
		out[i] = adminConsumer{API: in.API, Group: in.Group, Name: in.Name, Format: in.Format,
			Expires: in.Expires, Assignment: toAdminTPs(in.Assignment)}
	}
	writeAdminJSON(w, http.StatusOK, out)
}

// adminGroup is one consumer group.
type adminGroup struct {
	Group      string           `json:"group"`
	Generation int              `json:"generation"`
	Members    []adminMember    `json:"members"`
	Committed  []adminCommitted `json:"committed"`
}

// adminMember is one joined member; its id is the instance name.
type adminMember struct {
	MemberID     string    `json:"member_id"`
	Subscription []string  `json:"subscription"`
	Assignment   []adminTP `json:"assignment"`
}

// adminCommitted is one committed offset, with the partition's log end
// offset and the lag when the partition exists.
type adminCommitted struct {
	Topic        string `json:"topic"`
	Partition    int32  `json:"partition"`
	Offset       int64  `json:"offset"`
	Metadata     string `json:"metadata"`
	LogEndOffset *int64 `json:"log_end_offset"`
	Lag          *int64 `json:"lag"`
}

// adminGroups lists the consumer groups, sorted by name, with members
// and committed offsets (sorted by topic and partition). v1 groups are
// named "<group> (v1)".
func (s *Server) adminGroups(w http.ResponseWriter, r *http.Request) {
	groups := s.be.Groups()
	out := make([]adminGroup, 0, len(groups))
	for _, g := range groups {
		ag := adminGroup{Group: g.Group, Generation: g.Generation,
			Members: make([]adminMember, len(g.Members)), Committed: make([]adminCommitted, 0, len(g.Committed))}
		for i, m := range g.Members {
			sub := m.Subscription
			if sub == nil {
				sub = []string{}
			}
			ag.Members[i] = adminMember{MemberID: m.MemberID, Subscription: sub, Assignment: toAdminTPs(m.Assignment)}
		}
		for tp, om := range g.Committed {
			c := adminCommitted{Topic: tp.Topic, Partition: tp.Partition, Offset: om.Offset, Metadata: om.Metadata}
			if p, err := s.be.Partition(tp.Topic, tp.Partition); err == nil {
				end, lag := p.EndOffset, max(p.EndOffset-om.Offset, 0)
				c.LogEndOffset, c.Lag = &end, &lag
			}
			ag.Committed = append(ag.Committed, c)
		}
		slices.SortFunc(ag.Committed, func(a, b adminCommitted) int {
			if c := strings.Compare(a.Topic, b.Topic); c != 0 {
				return c
			}
			return int(a.Partition) - int(b.Partition)
		})
		out = append(out, ag)
	}
	writeAdminJSON(w, http.StatusOK, out)
}
