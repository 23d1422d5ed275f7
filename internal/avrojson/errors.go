package avrojson

// Error is a value that does not fit its schema. For Decode, Msg is the
// message of the Java exception the proxy puts in its answer (modern
// proxies: 400 "Bad Request: "+Msg; 5.x: 422 "Conversion of JSON to Object
// failed: Failed to convert JSON to Avro: "+Msg). For Encode, Msg describes
// binary that cannot be read with the schema.
type Error struct {
	Msg string
	// Jackson is set for errors raised by Jackson rather than Avro
	// (numbers out of range). Java appends a location to those
	// ("\n at [Source: …; line: 1, column: N]") that Msg leaves out.
	Jackson bool
}

func (e *Error) Error() string { return e.Msg }

func avroErr(msg string) *Error { return &Error{Msg: msg} }
