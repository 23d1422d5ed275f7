package schemareg

import (
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// This file is the common part of Confluent's Protobuf compatibility check
// (protobuf/diff/SchemaDiff): it compares the old file (original) with the
// new one (update) message by message (by full name) and field by field
// (by number), and reports the differences Confluent counts as
// incompatible, worded as protobuf/diff/Difference words them: a message
// removed (MESSAGE_REMOVED); a field number reused with another kind
// (FIELD_KIND_CHANGED: scalar ↔ message/enum), another scalar type
// (FIELD_SCALAR_KIND_CHANGED) or another message or enum type
// (FIELD_NAMED_TYPE_CHANGED); a required field added or removed; the
// package changed. Compatible, as in Confluent: fields and messages added,
// fields removed or renamed, enum constants changed. Not covered: the
// numeric and string/bytes label rules, oneof moves, nested references
// across files. The path is "#/<Message>/<field number>" (Confluent's
// full path format is approximated).

func protobufBackward(reader, writer parsed) []string {
	var out []string
	add := func(kind, path, desc string) {
		out = append(out, `{errorType:"`+kind+`", description:"`+desc+`"}`)
	}
	orig, upd := writer.proto, reader.proto
	if orig.Package() != upd.Package() {
		add("PACKAGE_CHANGED", "#/", "The package at '#/' in the %s schema does not match the package in the %s schema")
	}
	newMsgs := map[protoreflect.FullName]protoreflect.MessageDescriptor{}
	var collect func(ms protoreflect.MessageDescriptors, into map[protoreflect.FullName]protoreflect.MessageDescriptor)
	collect = func(ms protoreflect.MessageDescriptors, into map[protoreflect.FullName]protoreflect.MessageDescriptor) {
		for i := 0; i < ms.Len(); i++ {
			m := ms.Get(i)
			if m.IsMapEntry() {
				continue
			}
			into[m.FullName()] = m
			collect(m.Messages(), into)
		}
	}
	collect(upd.Messages(), newMsgs)
	oldMsgs := map[protoreflect.FullName]protoreflect.MessageDescriptor{}
	collect(orig.Messages(), oldMsgs)
	var walk func(ms protoreflect.MessageDescriptors)
	walk = func(ms protoreflect.MessageDescriptors) {
		for i := 0; i < ms.Len(); i++ {
			om := ms.Get(i)
			if om.IsMapEntry() {
				continue
			}
			rel := relName(om.FullName(), orig.Package())
			um, ok := newMsgs[om.FullName()]
			if !ok {
				path := "#/" + rel
				add("MESSAGE_REMOVED", path, "The %s schema is missing a MESSAGE type at path '"+path+"' in the %s schema")
				continue
			}
			for j := 0; j < om.Fields().Len(); j++ {
				of := om.Fields().Get(j)
				uf := um.Fields().ByNumber(of.Number())
				path := fmt.Sprintf("#/%s/%d", rel, of.Number())
				if uf == nil {
					if of.Cardinality() == protoreflect.Required {
						add("REQUIRED_FIELD_REMOVED", path, "The %s schema is missing a required field at path: '"+path+"' in the %s schema")
					}
					continue
				}
				oNamed, uNamed := namedKind(of), namedKind(uf)
				switch {
				case oNamed != uNamed:
					add("FIELD_KIND_CHANGED", path, "The type of a field at path '"+path+"' in the %s schema does not match the %s schema")
				case !oNamed && of.Kind() != uf.Kind():
					add("FIELD_SCALAR_KIND_CHANGED", path, "The kind of a SCALAR field at path '"+path+"' in the %s schema does not match its kind in the %s schema")
				case oNamed && namedType(of) != namedType(uf):
					add("FIELD_NAMED_TYPE_CHANGED", path, "The type of a MESSAGE field at path '"+path+"' in the %s schema does not match its type in the %s schema")
				}
			}
			for j := 0; j < um.Fields().Len(); j++ {
				uf := um.Fields().Get(j)
				if uf.Cardinality() == protoreflect.Required && om.Fields().ByNumber(uf.Number()) == nil {
					path := fmt.Sprintf("#/%s/%d", rel, uf.Number())
					add("REQUIRED_FIELD_ADDED", path, "A required field  at path '"+path+"' in the %s schema is missing in the %s schema")
				}
			}
			walk(om.Messages())
		}
	}
	walk(orig.Messages())
	return out
}

func relName(n protoreflect.FullName, pkg protoreflect.FullName) string {
	s := string(n)
	if pkg != "" && len(s) > len(pkg)+1 && s[:len(pkg)+1] == string(pkg)+"." {
		return s[len(pkg)+1:]
	}
	return s
}

func namedKind(f protoreflect.FieldDescriptor) bool {
	return f.IsMap() || f.Kind() == protoreflect.MessageKind || f.Kind() == protoreflect.GroupKind || f.Kind() == protoreflect.EnumKind
}

func namedType(f protoreflect.FieldDescriptor) protoreflect.FullName {
	switch {
	case f.IsMap():
		return f.Message().FullName()
	case f.Kind() == protoreflect.EnumKind:
		return f.Enum().FullName()
	default:
		return f.Message().FullName()
	}
}
