package mockproxy

// registerV3 adds the API v3 resource methods, one family per line; each
// family's handlers, bodies and register function live in
// v3_<family>.go. Path placeholders are the OpenAPI names, which fault
// rules match.
func (s *Server) registerV3(add func(method, path string, eps ...*endpoint)) {
	s.registerV3Clusters(add)
	s.registerV3Topics(add)
	s.registerV3Partitions(add)
	s.registerV3Records(add)
	s.registerV3Groups(add)
	s.registerV3Lags(add)
	s.registerV3Brokers(add)
	s.registerV3Reassignments(add)
	s.registerV3ACLs(add)
	s.registerV3Configs(add)
}
