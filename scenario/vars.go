package scenario

import "strconv"

// pathVars says which path variables fill a [Request]'s Topic, Partition,
// Group and Instance, in that order: the v1/v2 placeholder name, then the
// OpenAPI name the v3 routes use. A route template names at most one of
// each row.
var pathVars = [...][2]string{
	{"topic", "topic_name"},
	{"partition", "partition_id"},
	{"group", "consumer_group_id"},
	{"instance", "consumer_id"},
}

// NewRequest describes a request routed by the path template route, with
// the path variables vars keyed by their placeholder names. Topic,
// Partition, Group and Instance come from the placeholders that name
// them, whichever the route uses: {topic} or {topic_name}, {partition} or
// {partition_id} (when it is a 32-bit integer), {group} or
// {consumer_group_id}, {instance} or {consumer_id}. Every variable is
// also kept in Params, for [Match.Params]; the map is used as is, not
// copied. It allocates nothing: produce calls it for every record.
func NewRequest(method, route, api string, vars map[string]string) Request {
	r := Request{Method: method, Route: route, API: api, Params: vars}
	for row, names := range pathVars {
		v, ok := vars[names[0]]
		if !ok {
			v, ok = vars[names[1]]
		}
		if !ok {
			continue
		}
		switch row {
		case 0:
			r.Topic = v
		case 1:
			if p, err := strconv.ParseInt(v, 10, 32); err == nil {
				r.Partition, r.HasPartition = int32(p), true
			}
		case 2:
			r.Group = v
		case 3:
			r.Instance = v
		}
	}
	return r
}
