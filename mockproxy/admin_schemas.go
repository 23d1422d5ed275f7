package mockproxy

// Schema data in the admin records listing: keys and values stored in
// Confluent's wire format with a schema of the server's registry are
// shown decoded, as the proxy's consumer of that format reads them.

import "encoding/json"

// adminSchemaView decodes framed keys and values for one admin records
// listing. It remembers each schema id's compiled schema, or that the
// registry does not know it, so a listing asks the registry at most once
// per id. It is used by one request at a time.
type adminSchemaView struct {
	st     *schemaStore
	codecs map[int]*schemaCodec // nil: the id is unknown or does not compile
}

// payload describes a stored key or value as displayPayload does and, for
// bytes framed with a schema id the registry knows, adds the id, the
// schema's type and the decoded JSON (or the decoder's error). Bytes
// without the framing, with an unknown id, or on a server without a
// registry are shown as displayPayload shows them.
func (v *adminSchemaView) payload(b []byte) *adminPayload {
	p := displayPayload(b)
	if p == nil || v.st.src == nil {
		return p
	}
	id, ok := frameID(b)
	if !ok {
		return p
	}
	c, seen := v.codecs[id]
	if !seen {
		c, _ = v.st.codec(id) // unknown ids, unreachable registries and schemas that do not compile are shown as bytes
		if v.codecs == nil {
			v.codecs = map[int]*schemaCodec{}
		}
		v.codecs[id] = c
	}
	if c == nil {
		return p
	}
	p.SchemaID, p.SchemaType = &id, string(c.typ)
	data, err := c.decode(nil, b)
	switch {
	case err != nil:
		p.SchemaError = err.Error()
	case !json.Valid(data):
		p.SchemaError = "the decoded data is not JSON"
	default:
		p.Data = json.RawMessage(data)
	}
	return p
}
