package schemareg

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hamba/avro/v2"
)

// This file is Avro's schema-resolution check as Java's
// org.apache.avro.SchemaCompatibility (1.11/1.12) makes it, with the
// incompatibilities Confluent's avro.Difference turns into messages:
// {errorType:'…', description:'…', additionalInfo:'…'}. hamba's own
// SchemaCompatibility answers yes/no with a Go error and no JSON-pointer
// location, so the walk is ours.

type avroIncompat struct {
	kind     string // SchemaIncompatibilityType
	message  string
	location []string // JSON pointer tokens, root first
}

type avroPair struct{ r, w avro.Schema }

type avroChecker struct {
	memo map[avroPair]*avroResult
}

type avroResult struct {
	inProgress bool
	incompat   []avroIncompat
	compatible bool
}

// avroBackward reports what stops reader from reading writer's data.
func avroBackward(reader, writer parsed) []string {
	c := avroChecker{memo: map[avroPair]*avroResult{}}
	res := c.get("", reader.avro, writer.avro, nil)
	out := make([]string, 0, len(res.incompat))
	for _, in := range res.incompat {
		out = append(out, avroDifference(in))
	}
	return out
}

func deref(s avro.Schema) avro.Schema {
	if r, ok := s.(*avro.RefSchema); ok {
		return r.Schema()
	}
	return s
}

func javaType(s avro.Schema) string { return strings.ToUpper(string(deref(s).Type())) }

func (c *avroChecker) get(token string, r, w avro.Schema, loc []string) avroResult {
	r, w = deref(r), deref(w)
	loc = append(slices.Clip(loc), token)
	key := avroPair{r, w}
	if res, ok := c.memo[key]; ok {
		if res.inProgress {
			return avroResult{compatible: true}
		}
		return *res
	}
	c.memo[key] = &avroResult{inProgress: true}
	res := c.calc(r, w, loc)
	c.memo[key] = &res
	return res
}

// fresh checks a pair from a new root, as Java's two-argument
// getCompatibility does inside unions.
func (c *avroChecker) fresh(r, w avro.Schema) avroResult { return c.get("", r, w, nil) }

func avroOK() avroResult { return avroResult{compatible: true} }

func (a avroResult) merge(b avroResult) avroResult {
	return avroResult{compatible: a.compatible && b.compatible, incompat: append(slices.Clip(a.incompat), b.incompat...)}
}

func incompat(kind, msg string, loc []string) avroResult {
	return avroResult{incompat: []avroIncompat{{kind: kind, message: msg, location: slices.Clone(loc)}}}
}

func (c *avroChecker) calc(r, w avro.Schema, loc []string) avroResult {
	res := avroOK()
	rt, wt := r.Type(), w.Type()
	if rt == wt {
		switch rt {
		case avro.Array:
			return res.merge(c.get("items", r.(*avro.ArraySchema).Items(), w.(*avro.ArraySchema).Items(), loc))
		case avro.Map:
			return res.merge(c.get("values", r.(*avro.MapSchema).Values(), w.(*avro.MapSchema).Values(), loc))
		case avro.Fixed:
			res = res.merge(checkNames(r.(avro.NamedSchema), w.(avro.NamedSchema), loc))
			rs, ws := r.(*avro.FixedSchema).Size(), w.(*avro.FixedSchema).Size()
			if rs != ws {
				res = res.merge(incompat("FIXED_SIZE_MISMATCH", fmt.Sprintf("expected: %d, found: %d", ws, rs), append(loc, "size")))
			}
			return res
		case avro.Enum:
			res = res.merge(checkNames(r.(avro.NamedSchema), w.(avro.NamedSchema), loc))
			re, we := r.(*avro.EnumSchema), w.(*avro.EnumSchema)
			var missing []string
			for _, s := range we.Symbols() {
				if !slices.Contains(re.Symbols(), s) {
					missing = append(missing, s)
				}
			}
			if len(missing) > 0 && !(re.HasDefault() && slices.Contains(re.Symbols(), re.Default())) {
				slices.Sort(missing)
				res = res.merge(incompat("MISSING_ENUM_SYMBOLS", "["+strings.Join(missing, ", ")+"]", append(loc, "symbols")))
			}
			return res
		case avro.Record:
			res = res.merge(checkNames(r.(avro.NamedSchema), w.(avro.NamedSchema), loc))
			return res.merge(c.fields(r.(*avro.RecordSchema), w.(*avro.RecordSchema), loc))
		case avro.Union:
			for i, wb := range w.(*avro.UnionSchema).Types() {
				if !c.fresh(r, wb).compatible {
					res = res.merge(incompat("MISSING_UNION_BRANCH",
						"reader union lacking writer type: "+javaType(wb), append(loc, itoa(i))))
				}
			}
			return res
		}
		return res
	}
	if wt == avro.Union {
		for _, wb := range w.(*avro.UnionSchema).Types() {
			res = res.merge(c.fresh(r, wb))
		}
		return res
	}
	promotable := map[avro.Type][]avro.Type{
		avro.Long:   {avro.Int},
		avro.Float:  {avro.Int, avro.Long},
		avro.Double: {avro.Int, avro.Long, avro.Float},
		avro.Bytes:  {avro.String},
		avro.String: {avro.Bytes},
	}
	if rt == avro.Union {
		for _, rb := range r.(*avro.UnionSchema).Types() {
			if c.fresh(rb, w).compatible {
				return res
			}
		}
		return res.merge(incompat("MISSING_UNION_BRANCH", "reader union lacking writer type: "+javaType(w), loc))
	}
	if slices.Contains(promotable[rt], wt) {
		return res
	}
	return res.merge(incompat("TYPE_MISMATCH",
		fmt.Sprintf("reader type: %s not compatible with writer type: %s", javaType(r), javaType(w)), loc))
}

func checkNames(r, w avro.NamedSchema, loc []string) avroResult {
	if r.FullName() == w.FullName() || slices.Contains(r.Aliases(), w.FullName()) {
		return avroOK()
	}
	return incompat("NAME_MISMATCH", "expected: "+w.FullName(), append(loc, "name"))
}

func (c *avroChecker) fields(r, w *avro.RecordSchema, loc []string) avroResult {
	res := avroOK()
	loc = append(slices.Clip(loc), "fields")
	for pos, rf := range r.Fields() {
		floc := append(slices.Clip(loc), itoa(pos))
		wf := writerField(w, rf)
		if wf == nil {
			if rf.HasDefault() {
				continue
			}
			if e, isEnum := deref(rf.Type()).(*avro.EnumSchema); isEnum && e.HasDefault() {
				res = res.merge(c.get("type", rf.Type(), w, floc))
				continue
			}
			res = res.merge(incompat("READER_FIELD_MISSING_DEFAULT_VALUE", rf.Name(), floc))
			continue
		}
		res = res.merge(c.get("type", rf.Type(), wf.Type(), floc))
	}
	return res
}

func writerField(w *avro.RecordSchema, rf *avro.Field) *avro.Field {
	names := append([]string{rf.Name()}, rf.Aliases()...)
	for _, n := range names {
		for _, f := range w.Fields() {
			if f.Name() == n {
				return f
			}
		}
	}
	return nil
}

// avroDifference is Confluent's avro.Difference.toString.
func avroDifference(in avroIncompat) string {
	path := avroLocation(in.location)
	var desc string
	switch in.kind {
	case "FIXED_SIZE_MISMATCH":
		desc = "The size of FIXED type field at path '" + path + "' in the %s schema does not match with the %s schema"
	case "TYPE_MISMATCH":
		desc = "The type (path '" + path + "') of a field in the %s schema does not match with the %s schema"
	case "NAME_MISMATCH":
		desc = "The name of the schema has changed (path '" + path + "')"
	case "MISSING_ENUM_SYMBOLS":
		desc = "The %s schema is missing enum symbols '" + in.message + "' at path '" + path + "' in the %s schema"
	case "MISSING_UNION_BRANCH":
		desc = "The %s schema is missing a type inside a union field at path '" + path + "' in the %s schema"
	case "READER_FIELD_MISSING_DEFAULT_VALUE":
		desc = "The field '" + in.message + "' at path '" + path + "' in the %s schema has no default value and is missing in the %s schema"
	}
	return "{errorType:'" + in.kind + "', description:'" + desc + "', additionalInfo:'" + in.message + "'}"
}

// avroLocation is Incompatibility.getLocation: a JSON pointer without the
// root token.
func avroLocation(loc []string) string {
	if len(loc) <= 1 {
		return "/"
	}
	esc := make([]string, 0, len(loc)-1)
	for _, t := range loc[1:] {
		esc = append(esc, strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return "/" + strings.Join(esc, "/")
}
