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
	"strconv"
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

// faultRequest describes a call for rule matching.
func (c *call) faultRequest() scenario.Request {
	req := scenario.Request{
		Method:   c.r.Method,
		Route:    c.route,
		API:      c.ep.api.String(),
		Topic:    c.vars["topic"],
		Group:    c.vars["group"],
		Instance: c.vars["instance"],
	}
	if p, err := strconv.ParseInt(c.vars["partition"], 10, 32); err == nil {
		req.Partition, req.HasPartition = int32(p), true
	}
	return req
}

// decideFault asks the rules about this call and records a firing in the
// journal.
func (c *call) decideFault(req scenario.Request) (scenario.Firing, bool) {
	f, ok := c.s.faults.Decide(req)
	if rw := unwrapRespWriter(c.w); ok && rw != nil {
		rw.fault = f.ID
	}
	return f, ok
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

// applyRequestFault applies a fired rule whose effect is not per record.
// It reports whether the request is answered (or dropped) already; a delay
// returns false after waiting, and the request goes on normally.
func (c *call) applyRequestFault(f scenario.Firing) (bool, error) {
	ft := f.Fault
	switch {
	case ft.DelayMS > 0:
		t := time.NewTimer(time.Duration(ft.DelayMS) * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			return true, c.r.Context().Err()
		case <-c.s.done:
		}
		return false, nil
	case ft.DropConnection:
		panic(http.ErrAbortHandler) // net/http closes the connection
	case ft.Response != nil:
		c.writeFaultResponse(ft.Response)
		return true, nil
	case ft.KafkaError != "":
		return true, c.s.renderKafkaError(c, ft.KafkaError)
	}
	return false, nil // empty_polls is applied by the records read
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
	if c.route == "/topics/{topic}/partitions/{partition}/messages" && ke.Kind == scenario.KindKafka {
		// The v1 simple consumer reports the fetch response's error code.
		return simpleConsumerError(ke.Code)
	}
	ae, headers := kafkaErrorAnswer(ke)
	for k, v := range headers {
		c.w.Header().Set(k, v)
	}
	return ae
}
