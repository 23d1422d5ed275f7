package mockproxy

// registerV3 adds the API v3 resource methods (profiles all and modern),
// one family per file.
func (s *Server) registerV3(add func(method, path string, eps ...*endpoint)) {
	s.registerV3Records(add)
}
