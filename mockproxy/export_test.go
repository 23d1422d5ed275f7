package mockproxy

// ErrorCodeFits exposes codeFits to the package's external tests.
var ErrorCodeFits = codeFits

// V3Operations lists the methods and paths of API v3 the server routes,
// as "METHOD /v3/...".
func (s *Server) V3Operations() []string {
	var ops []string
	routeBuilder{}.registerV3(func(method, path string, _ ...*endpoint) {
		ops = append(ops, method+" "+path)
	})
	return ops
}

// DecodeBase64Strict exposes the produce path's base64 decoder to the
// benchmarks' work floors.
var DecodeBase64Strict = decodeBase64Strict
