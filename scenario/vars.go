package scenario

import "strconv"

// pathVars says which path variables fill a [Request]'s Topic, Partition,
// Group and Instance: the v1/v2 placeholder name, then the OpenAPI name
// the v3 routes use. A route template names at most one of each row.
var pathVars = [...]struct {
	names [2]string
	set   func(r *Request, v string)
}{
	{[2]string{"topic", "topic_name"}, func(r *Request, v string) { r.Topic = v }},
	{[2]string{"partition", "partition_id"}, func(r *Request, v string) {
		if p, err := strconv.ParseInt(v, 10, 32); err == nil {
			r.Partition, r.HasPartition = int32(p), true
		}
	}},
	{[2]string{"group", "consumer_group_id"}, func(r *Request, v string) { r.Group = v }},
	{[2]string{"instance", "consumer_id"}, func(r *Request, v string) { r.Instance = v }},
}

// NewRequest describes a request routed by the path template route, with
// the path variables vars keyed by their placeholder names. Topic,
// Partition, Group and Instance come from the placeholders that name
// them, whichever the route uses: {topic} or {topic_name}, {partition} or
// {partition_id} (when it is a 32-bit integer), {group} or
// {consumer_group_id}, {instance} or {consumer_id}. Every variable is
// also kept in Params, for [Match.Params]; the map is used as is, not
// copied.
func NewRequest(method, route, api string, vars map[string]string) Request {
	r := Request{Method: method, Route: route, API: api, Params: vars}
	for _, pv := range pathVars {
		for _, name := range pv.names {
			if v, ok := vars[name]; ok {
				pv.set(&r, v)
				break
			}
		}
	}
	return r
}
