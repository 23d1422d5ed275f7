package mockproxy

// Fault injection: scenario rules are matched against every request after
// its resource method is chosen (so the route template and API version are
// known), and against every record of a produce request. An injected Kafka
// error is rendered the way the real proxy surfaces that error on that
// endpoint, through the same code as natural errors, so both give the same
// bytes.

import (
	"errors"
	"net/http"
	"time"

	"github.com/kafkarestmock/kafkarestmock/backend"
	"github.com/kafkarestmock/kafkarestmock/scenario"
)

// Inject installs a fault rule and returns its handle. Rules apply in the
// order installed; direct calls on Log() are never subject to them. Inject
// panics if the rule is invalid (see scenario.Fault.Validate): rules are
// written by the test author, so an invalid one is a mistake in the test.
// Safe for concurrent use.
func (s *Server) Inject(f scenario.Fault) *scenario.Handle {
	h, err := s.addFault(f)
	if err != nil {
		panic("mockproxy: Inject: " + err.Error())
	}
	return h
}

// addFault installs a rule. A rule of layer "kafka" is also handed to
// the backend, which must implement backend.FaultInjector.
func (s *Server) addFault(f scenario.Fault) (*scenario.Handle, error) {
	if f.Layer != scenario.LayerKafka {
		return s.faults.Add(f)
	}
	inj, ok := s.be.(backend.FaultInjector)
	if !ok {
		return nil, errors.New(`layer: "kafka" needs a backend with Kafka-level faults (kafkabackend over kfake)`)
	}
	h, err := s.faults.Add(f)
	if err != nil {
		return nil, err
	}
	ke, _ := scenario.LookupKafkaError(f.KafkaError)
	key := int16(-1)
	if f.Match.KafkaRequest != "" {
		key, _ = scenario.LookupKafkaRequest(f.Match.KafkaRequest)
	}
	if err := inj.InjectFault(backend.Fault{
		Key: key, Topic: f.Match.Topic, Partition: f.Match.Partition, Group: f.Match.Group,
		Code: ke.Code, Fire: h.Fire,
	}); err != nil {
		h.Remove()
		return nil, err
	}
	return h, nil
}

// Faults returns the installed rules with their counts, in install order.
func (s *Server) Faults() []scenario.RuleInfo { return s.faults.List() }

// ClearFaults removes every rule.
func (s *Server) ClearFaults() { s.faults.Clear() }

// faultRequest describes a call for rule matching: its route template as
// registered and its path variables, whatever their placeholder names.
func (c *call) faultRequest() scenario.Request {
	return scenario.NewRequest(c.r.Method, c.route, c.ep.api.String(), c.vars)
}

// faultOutcome is what becomes of a request, or of one produce record,
// once a rule has fired on it.
type faultOutcome int

const (
	// faultGoOn: it is served normally (after a delay; a read after
	// empty_polls finds nothing).
	faultGoOn faultOutcome = iota
	// faultAnswered: the request is answered or dropped already, or is
	// answered with the error returned.
	faultAnswered
	// faultRecordFailed: the produce record fails alone, with the entry
	// the effect wrote.
	faultRecordFailed
)

// injectFault asks the rules about req and applies the effect of the rule
// that fires, if any. rec is the entry of the produce record req
// describes, nil when rules are decided once for the whole request.
func (c *call) injectFault(req scenario.Request, rec *produceResult) (faultOutcome, error) {
	f, ok := c.decideFault(req)
	if !ok {
		return faultGoOn, nil
	}
	return c.applyFault(f, rec)
}

// decideFault asks the rules about this call and records a firing in the
// journal.
func (c *call) decideFault(req scenario.Request) (scenario.Firing, bool) {
	if c.s.faults.Empty() {
		return scenario.Firing{}, false
	}
	f, ok := c.s.faults.Decide(req)
	if !ok {
		return f, false
	}
	if rw := unwrapRespWriter(c.w); rw != nil {
		rw.fault = f.ID
	}
	return f, true
}

func unwrapRespWriter(w http.ResponseWriter) *respWriter {
	for {
		switch x := w.(type) {
		case *respWriter:
			return x
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return nil
		}
	}
}

// applyFault applies the effect of a fired rule: every effect is applied
// here, and only here. rec is the entry of the produce record the rule
// fired on, nil for a rule decided once per request; a Kafka error fails
// that record alone, as a producer reports it, unless it is one of the
// proxy's own errors, which answers the whole request.
func (c *call) applyFault(f scenario.Firing, rec *produceResult) (faultOutcome, error) {
	switch e := f.Fault.Effect().(type) {
	case scenario.KafkaErrorEffect:
		if ke, ok := scenario.LookupKafkaError(e.Error); ok && ke.Kind == scenario.KindKafka && rec != nil {
			*rec = c.recordFault(ke)
			return faultRecordFailed, nil
		}
		return faultAnswered, c.s.renderKafkaError(c, e.Error)
	case scenario.ResponseEffect:
		c.writeFaultResponse(e.Response)
		return faultAnswered, nil
	case scenario.DelayEffect:
		t := time.NewTimer(e.Duration())
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			return faultAnswered, c.r.Context().Err()
		case <-c.s.done:
		}
		return faultGoOn, nil
	case scenario.DropConnectionEffect:
		panic(http.ErrAbortHandler) // net/http closes the connection
	case scenario.EmptyPollsEffect:
		c.firing = &f // the records read finds nothing
		return faultGoOn, nil
	}
	return faultGoOn, nil
}

// writeFaultResponse sends a rule's exact response.
func (c *call) writeFaultResponse(r *scenario.Response) {
	h := c.w.Header()
	h.Set("Content-Type", c.respType)
	for k, v := range r.Headers {
		h.Set(k, v)
	}
	if len(r.Body) > 0 && string(r.Body) != "null" {
		if rw := unwrapRespWriter(c.w); rw != nil {
			rw.errorCode = r.ErrorCode
		}
		c.w.WriteHeader(r.Status)
		_, _ = c.w.Write(r.Body)
		return
	}
	writeError(c.w, h.Get("Content-Type"), errRuleResponse(r.Status, r.ErrorCode, r.Message))
}

// renderKafkaError answers a call with an injected Kafka error as its
// endpoint surfaces it.
func (s *Server) renderKafkaError(c *call, name string) error {
	ke, ok := scenario.LookupKafkaError(name)
	if !ok {
		return errInternal
	}
	if c.ep.fetchErrors && ke.Kind == scenario.KindKafka {
		// The v1 simple consumer reports the fetch response's error code.
		return simpleConsumerError(ke.Code)
	}
	ae, headers := kafkaErrorAnswer(ke)
	for k, v := range headers {
		c.w.Header().Set(k, v)
	}
	return ae
}
