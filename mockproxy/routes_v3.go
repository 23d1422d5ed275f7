package mockproxy

// registerV3 adds the API v3 resource methods, one family per line; each
// family's handlers, bodies and register function live in
// v3_<family>.go. Path placeholders are the OpenAPI names, which fault
// rules match.
func (rb routeBuilder) registerV3(add func(method, path string, eps ...*endpoint)) {
	rb.registerV3Clusters(add)
	rb.registerV3Topics(add)
	rb.registerV3Partitions(add)
	rb.registerV3Records(add)
	rb.registerV3Groups(add)
	rb.registerV3Lags(add)
	rb.registerV3Brokers(add)
	rb.registerV3Reassignments(add)
	rb.registerV3ACLs(add)
	rb.registerV3Configs(add)
}
