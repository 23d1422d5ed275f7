package schemareg

import (
	"slices"
	"sort"

	"github.com/kafkarestmock/kafkarestmock/internal/jsonv"
)

// This file is the common part of Confluent's JSON Schema compatibility
// check (json/diff/SchemaDiff, STRICT policy): it compares the old schema
// (original) with the new one (update) and reports the differences that
// are not in COMPATIBLE_CHANGES_STRICT, worded as json/diff/Difference
// words them. Covered: "type" changed, extended (incl. integer → number)
// or narrowed; properties added or removed under an open content model
// (additionalProperties absent or true) and a closed one (false, or a
// schema: partially open models are treated as closed); required added
// or removed; additionalProperties opened or closed; enum extended,
// narrowed or changed; recursion into properties, items and
// additionalProperties. Not covered: numeric, string and array limits,
// patterns, dependencies, combined types (allOf/anyOf/oneOf/not), $ref
// resolution, unevaluated*, reserved properties.

var jsonCompatibleStrict = map[string]bool{
	"TYPE_EXTENDED": true, "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED": true, "REQUIRED_ATTRIBUTE_REMOVED": true,
	"ADDITIONAL_PROPERTIES_ADDED": true, "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": true,
	"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL": true, "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": true,
	"PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": true, "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL": true,
	"ENUM_ARRAY_EXTENDED": true,
}

type jsonDiff struct{ kind, path string }

type jsonDiffer struct{ diffs []jsonDiff }

// jsonBackward reports what stops reader (update) from reading writer's
// (original's) data.
func jsonBackward(reader, writer parsed) []string {
	var d jsonDiffer
	d.compare(*writer.json, *reader.json, nil)
	var out []string
	for _, df := range d.diffs {
		if !jsonCompatibleStrict[df.kind] {
			out = append(out, `{errorType:"`+df.kind+`", description:"`+jsonDescription(df)+`'}`)
		}
	}
	return out
}

func (d *jsonDiffer) add(kind string, path []string) {
	p := "#/"
	for i, s := range path {
		if i > 0 {
			p += "/"
		}
		p += s
	}
	d.diffs = append(d.diffs, jsonDiff{kind, p})
}

// jsonTypes is the set of types a schema's "type" allows (nil: any).
func jsonTypes(v jsonv.Value) []string {
	t, ok := v.Field("type")
	if !ok {
		return nil
	}
	var out []string
	switch t.Kind {
	case jsonv.String:
		out = []string{t.Str()}
	case jsonv.Array:
		for _, it := range t.Items {
			out = append(out, it.Str())
		}
	}
	sort.Strings(out)
	return out
}

func covers(set []string, t string) bool {
	return slices.Contains(set, t) || (t == "integer" && slices.Contains(set, "number"))
}

func (d *jsonDiffer) compare(orig, upd jsonv.Value, path []string) {
	if orig.Kind != jsonv.Object || upd.Kind != jsonv.Object {
		return
	}
	ot, ut := jsonTypes(orig), jsonTypes(upd)
	if !slices.Equal(ot, ut) {
		switch {
		case ut == nil:
			d.add("TYPE_EXTENDED", path)
		case ot == nil:
			d.add("TYPE_NARROWED", path)
		default:
			all, some := true, false
			for _, t := range ot {
				if covers(ut, t) {
					some = true
				} else {
					all = false
				}
			}
			switch {
			case all:
				d.add("TYPE_EXTENDED", path)
			case some:
				d.add("TYPE_NARROWED", path)
			default:
				d.add("TYPE_CHANGED", path)
				return
			}
		}
	}
	d.compareEnum(orig, upd, path)
	d.compareObject(orig, upd, path)
	if oi, ok := orig.Field("items"); ok {
		if ui, ok := upd.Field("items"); ok {
			d.compare(oi, ui, append(slices.Clip(path), "items"))
		}
	}
}

func (d *jsonDiffer) compareEnum(orig, upd jsonv.Value, path []string) {
	oe, ook := orig.Field("enum")
	ue, uok := upd.Field("enum")
	if !ook || !uok {
		return
	}
	set := func(v jsonv.Value) []string {
		var s []string
		for _, it := range v.Items {
			s = append(s, string(appendCompact(nil, it, numbersAsWritten)))
		}
		return s
	}
	os, us := set(oe), set(ue)
	sub := func(a, b []string) bool {
		for _, x := range a {
			if !slices.Contains(b, x) {
				return false
			}
		}
		return true
	}
	p := append(slices.Clip(path), "enum")
	switch {
	case sub(os, us) && sub(us, os):
	case sub(os, us):
		d.add("ENUM_ARRAY_EXTENDED", p)
	case sub(us, os):
		d.add("ENUM_ARRAY_NARROWED", p)
	default:
		d.add("ENUM_ARRAY_CHANGED", p)
	}
}

func jsonProps(v jsonv.Value) map[string]jsonv.Value {
	out := map[string]jsonv.Value{}
	if p, ok := v.Field("properties"); ok && p.Kind == jsonv.Object {
		for _, f := range p.Fields {
			out[f.Name] = f.Value
		}
	}
	return out
}

func jsonRequired(v jsonv.Value) []string {
	var out []string
	if r, ok := v.Field("required"); ok && r.Kind == jsonv.Array {
		for _, it := range r.Items {
			out = append(out, it.Str())
		}
	}
	return out
}

// openContent: additionalProperties absent or true.
func openContent(v jsonv.Value) bool {
	a, ok := v.Field("additionalProperties")
	return !ok || (a.Kind == jsonv.Bool && string(a.Raw) == "true")
}

func permitsAdditional(v jsonv.Value) bool {
	a, ok := v.Field("additionalProperties")
	return !ok || a.Kind != jsonv.Bool || string(a.Raw) == "true"
}

func hasDefault(v jsonv.Value) bool { _, ok := v.Field("default"); return ok }

func isEmptySchema(v jsonv.Value) bool {
	return (v.Kind == jsonv.Object && len(v.Fields) == 0) || (v.Kind == jsonv.Bool && string(v.Raw) == "true")
}

func (d *jsonDiffer) compareObject(orig, upd jsonv.Value, path []string) {
	op, up := jsonProps(orig), jsonProps(upd)
	or, ur := jsonRequired(orig), jsonRequired(upd)
	keys := func(m map[string]jsonv.Value) []string {
		var k []string
		for n := range m {
			k = append(k, n)
		}
		sort.Strings(k)
		return k
	}
	for _, k := range keys(op) {
		if _, ok := up[k]; !ok {
			continue
		}
		p := append(slices.Clip(path), "required", k)
		switch oreq, ureq := slices.Contains(or, k), slices.Contains(ur, k); {
		case oreq && !ureq:
			d.add("REQUIRED_ATTRIBUTE_REMOVED", p)
		case !oreq && ureq && hasDefault(up[k]):
			d.add("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", p)
		case !oreq && ureq:
			d.add("REQUIRED_ATTRIBUTE_ADDED", p)
		}
	}
	all := map[string]jsonv.Value{}
	for k, v := range op {
		all[k] = v
	}
	for k, v := range up {
		all[k] = v
	}
	for _, k := range keys(all) {
		p := append(slices.Clip(path), "properties", k)
		o, inO := op[k]
		u, inU := up[k]
		switch {
		case !inU && openContent(upd):
			d.add("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", p)
		case !inU && o.Kind == jsonv.Bool && string(o.Raw) == "false":
			d.add("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", p)
		case !inU:
			d.add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", p)
		case !inO && openContent(orig):
			switch {
			case isEmptySchema(u):
				d.add("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", p)
			case slices.Contains(ur, k) && hasDefault(u):
				d.add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", p)
			case slices.Contains(ur, k):
				d.add("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", p)
			default:
				d.add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", p)
			}
		case !inO:
			switch {
			case slices.Contains(ur, k) && hasDefault(u):
				d.add("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", p)
			case slices.Contains(ur, k):
				d.add("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", p)
			default:
				d.add("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", p)
			}
		default:
			d.compare(o, u, p)
		}
	}
	if po, pu := permitsAdditional(orig), permitsAdditional(upd); po != pu {
		p := append(slices.Clip(path), "additionalProperties")
		if pu {
			d.add("ADDITIONAL_PROPERTIES_ADDED", p)
		} else {
			d.add("ADDITIONAL_PROPERTIES_REMOVED", p)
		}
	}
}

// jsonDescription is json/diff/Difference.error() for the kinds reported.
func jsonDescription(df jsonDiff) string {
	p := df.path
	switch df.kind {
	case "REQUIRED_ATTRIBUTE_ADDED", "ADDITIONAL_PROPERTIES_REMOVED":
		return "The keyword at path '" + p + "' in the %s schema is not present in the %s schema"
	case "TYPE_CHANGED", "TYPE_NARROWED", "ENUM_ARRAY_CHANGED":
		return "A type at path '" + p + "' is different between the %s schema and the %s schema"
	case "ENUM_ARRAY_NARROWED":
		return "An array or combined type at path '" + p + "' has fewer elements in the %s schema than the %s schema"
	case "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
		"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL":
		return "The %s schema has an open content model and has a property or item at path '" + p + "' which is missing in the %s schema"
	case "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL":
		return "The %s schema has an unopen content model and has a required property at path '" + p + "' which is missing in the %s schema"
	case "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL":
		return "The %s has a closed content model and is missing a property or item present at path '" + p + "' in the %s schema"
	}
	return ""
}
