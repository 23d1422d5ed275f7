package fileerr_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/fileerr"
)

func TestError(t *testing.T) {
	t.Parallel()
	te := &json.UnmarshalTypeError{Value: "string"}
	tests := []struct {
		err  error
		want string
	}{
		{fileerr.New("", "want an object"), "want an object"},
		{fileerr.New("topics[0].name", "required"), "topics[0].name: required"},
		{fileerr.Errorf("faults[1].times", "must be >= %d", 0), "faults[1].times: must be >= 0"},
		{fileerr.New("match.api", "bad").Under("faults[2]"), "faults[2].match.api: bad"},
		{fileerr.New("", "no effect").Under("faults[2]"), "faults[2]: no effect"},
		{fileerr.New("times", "bad").Under(""), "times: bad"},
		{&fileerr.Error{Path: "p", Msg: "want a string", Err: te}, "p: want a string"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if err := (&fileerr.Error{Path: "p", Msg: "m", Err: te}).Under("q"); !errors.Is(err, te) {
		t.Errorf("Under lost the underlying error: %v", err)
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ got, want string }{
		{fileerr.Join("", "topics"), "topics"},
		{fileerr.Join("topics[1]", "records"), "topics[1].records"},
		{fileerr.Index("topics", 1), "topics[1]"},
		{fileerr.Index(fileerr.Join("topics[1]", "records"), 3), "topics[1].records[3]"},
	} {
		if tt.got != tt.want {
			t.Errorf("path = %q, want %q", tt.got, tt.want)
		}
	}
}

func TestSyntax(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{``, "1:1: unexpected end of JSON input"},
		{"{\n  \"a\": [}\n", "2:9: invalid character '}' looking for beginning of value"},
		{`{"a": [`, "1:8: unexpected end of JSON input"},
		{"{}\n{}", "2:1: invalid character '{' after top-level value"},
		{"{\n\t\"a\": ,", "2:7: invalid character ',' looking for beginning of value"},
	}
	for _, tt := range tests {
		var v any
		err := json.Unmarshal([]byte(tt.in), &v)
		se, ok := errors.AsType[*json.SyntaxError](err)
		if !ok {
			t.Fatalf("Unmarshal(%q) = %v, want a syntax error", tt.in, err)
		}
		got := fileerr.Syntax([]byte(tt.in), se)
		if got.Error() != tt.want {
			t.Errorf("Syntax(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !errors.Is(got, se) {
			t.Errorf("Syntax(%q) does not unwrap to the decoder's error", tt.in)
		}
	}
}

func TestUnknownField(t *testing.T) {
	t.Parallel()
	fields := []string{"name", "partitions", "configs", "records"}
	tests := []struct {
		key, want string
	}{
		{"partiton", `topics[0]: unknown field "partiton" (did you mean "partitions"?)`},
		{"Name", `topics[0]: unknown field "Name" (did you mean "name"?)`},
		{"RECORDS", `topics[0]: unknown field "RECORDS" (did you mean "records"?)`},
		{"nme", `topics[0]: unknown field "nme" (did you mean "name"?)`},
		{"zzzzzz", `topics[0]: unknown field "zzzzzz" (known fields: name, partitions, configs, records)`},
		{"", `topics[0]: unknown field "" (known fields: name, partitions, configs, records)`},
	}
	for _, tt := range tests {
		if got := fileerr.UnknownField("topics[0]", tt.key, fields...).Error(); got != tt.want {
			t.Errorf("UnknownField(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestParseFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "x.json")
	if err := os.WriteFile(path, []byte("{\n ,"), 0o644); err != nil {
		t.Fatal(err)
	}
	parse := func(data []byte) (*string, error) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			se, _ := errors.AsType[*json.SyntaxError](err)
			return nil, fileerr.Syntax(data, se)
		}
		s := "ok"
		return &s, nil
	}
	fieldErr := fileerr.New("topics[0]", "want an object")
	failing := func([]byte) (*string, error) { return new("partial"), fieldErr }

	if _, err := fileerr.ParseFile(path, parse); err == nil || err.Error() != path+":2:2: invalid character ',' looking for beginning of object key string" {
		t.Errorf("ParseFile(syntax) error = %v", err)
	}
	got, err := fileerr.ParseFile(path, failing)
	if err == nil || err.Error() != path+": topics[0]: want an object" || !errors.Is(err, fieldErr) {
		t.Errorf("ParseFile(field) error = %v, want %q wrapping the field error", err, path+": topics[0]: want an object")
	}
	if got != nil {
		t.Errorf("ParseFile(field) = %v with an error, want nil", *got)
	}
	missing := filepath.Join(dir, "missing.json")
	if _, err := fileerr.ParseFile(missing, parse); err == nil || err.Error() != missing+": no such file or directory" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ParseFile(missing) error = %v, want %q and fs.ErrNotExist", err, missing+": no such file or directory")
	}
}
