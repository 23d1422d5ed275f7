package schemareg

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// This file parses .proto text with bufbuild/protocompile (references are
// imports named by Reference.Name; the google/protobuf well-known types
// resolve without references) and re-prints the linked file in the layout
// of Confluent's ProtobufSchemaUtils.toString: syntax, package, imports,
// file options (java_package, java_outer_classname, java_multiple_files,
// go_package only), then messages before enums, each message with its
// reserved ranges, fields (declaration order, label when proto2 or
// explicit, "= N", [default, deprecated]), oneofs, then nested messages and
// enums, indented by two spaces.
//
// The gap with Confluent's text: types are printed as the descriptor
// resolves them (relative to the file's package, else fully qualified
// with a leading dot) where Confluent keeps the spelling of the source;
// map fields are printed as map<K, V>; options other than the four above,
// comments, services and extensions are dropped. Two texts that differ in
// those ways alone are the same schema here and may not be in Confluent.
//
// protocompile compiles with MaxParallelism 1; its worker goroutines end
// before parseProtobuf returns.

const protoMainFile = "schema.proto"

func parseProtobuf(text string, refs []resolvedRef) (parsed, error) {
	files := map[string]string{protoMainFile: text}
	for _, r := range refs {
		if r.typ != Protobuf {
			return parsed{}, fmt.Errorf("reference %s is of type %s", r.name, r.typ)
		}
		files[r.name] = r.canonical
	}
	c := protocompile.Compiler{
		MaxParallelism: 1,
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: func(path string) (io.ReadCloser, error) {
				if s, ok := files[path]; ok {
					return io.NopCloser(strings.NewReader(s)), nil
				}
				return nil, fmt.Errorf("file not found: %s", path)
			},
		}),
	}
	out, err := c.Compile(context.Background(), protoMainFile)
	if err != nil {
		return parsed{}, err
	}
	fd := out[0]
	return parsed{canonical: printProto(fd), proto: fd}, nil
}

func printProto(fd protoreflect.FileDescriptor) string {
	var b strings.Builder
	syntax := "proto2"
	if fd.Syntax() == protoreflect.Proto3 {
		syntax = "proto3"
	}
	if fd.Syntax() == protoreflect.Editions {
		syntax = "editions"
	}
	fmt.Fprintf(&b, "syntax = %q;\n", syntax)
	pkg := string(fd.Package())
	if pkg != "" {
		fmt.Fprintf(&b, "package %s;\n", pkg)
	}
	if imps := fd.Imports(); imps.Len() > 0 {
		b.WriteByte('\n')
		for i := 0; i < imps.Len(); i++ {
			if !imps.Get(i).IsPublic {
				fmt.Fprintf(&b, "import %q;\n", imps.Get(i).Path())
			}
		}
		for i := 0; i < imps.Len(); i++ {
			if imps.Get(i).IsPublic {
				fmt.Fprintf(&b, "import public %q;\n", imps.Get(i).Path())
			}
		}
	}
	if opts, ok := fd.Options().(*descriptorpb.FileOptions); ok && opts != nil {
		var lines []string
		if opts.JavaPackage != nil {
			lines = append(lines, fmt.Sprintf("option java_package = %q;\n", opts.GetJavaPackage()))
		}
		if opts.JavaOuterClassname != nil {
			lines = append(lines, fmt.Sprintf("option java_outer_classname = %q;\n", opts.GetJavaOuterClassname()))
		}
		if opts.JavaMultipleFiles != nil {
			lines = append(lines, fmt.Sprintf("option java_multiple_files = %t;\n", opts.GetJavaMultipleFiles()))
		}
		if opts.GoPackage != nil {
			lines = append(lines, fmt.Sprintf("option go_package = %q;\n", opts.GetGoPackage()))
		}
		if len(lines) > 0 {
			b.WriteByte('\n')
			b.WriteString(strings.Join(lines, ""))
		}
	}
	if fd.Messages().Len()+fd.Enums().Len() > 0 {
		b.WriteByte('\n')
		for i := 0; i < fd.Messages().Len(); i++ {
			b.WriteString(printMessage(fd.Messages().Get(i), pkg))
		}
		for i := 0; i < fd.Enums().Len(); i++ {
			b.WriteString(printEnum(fd.Enums().Get(i)))
		}
	}
	return b.String()
}

func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		if l != "\n" {
			b.WriteString("  ")
		}
		b.WriteString(l)
	}
	return b.String()
}

func printMessage(md protoreflect.MessageDescriptor, pkg string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "message %s {", md.Name())
	if rr := md.ReservedRanges(); rr.Len()+md.ReservedNames().Len() > 0 {
		b.WriteByte('\n')
		for i := 0; i < rr.Len(); i++ {
			r := rr.Get(i)
			if r[1]-1 == r[0] {
				b.WriteString(indent(fmt.Sprintf("reserved %d;\n", r[0])))
			} else {
				b.WriteString(indent(fmt.Sprintf("reserved %d to %d;\n", r[0], r[1]-1)))
			}
		}
		for i := 0; i < md.ReservedNames().Len(); i++ {
			b.WriteString(indent(fmt.Sprintf("reserved %q;\n", md.ReservedNames().Get(i))))
		}
	}
	var plain []protoreflect.FieldDescriptor
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		if od := f.ContainingOneof(); od == nil || od.IsSynthetic() {
			plain = append(plain, f)
		}
	}
	if len(plain) > 0 {
		b.WriteByte('\n')
		for _, f := range plain {
			b.WriteString(indent(printField(f, pkg, true)))
		}
	}
	var oneofs []protoreflect.OneofDescriptor
	for i := 0; i < md.Oneofs().Len(); i++ {
		if od := md.Oneofs().Get(i); !od.IsSynthetic() {
			oneofs = append(oneofs, od)
		}
	}
	if len(oneofs) > 0 {
		b.WriteByte('\n')
		for _, od := range oneofs {
			var ob strings.Builder
			fmt.Fprintf(&ob, "oneof %s {\n", od.Name())
			for i := 0; i < od.Fields().Len(); i++ {
				ob.WriteString(indent(printField(od.Fields().Get(i), pkg, false)))
			}
			ob.WriteString("}\n")
			b.WriteString(indent(ob.String()))
		}
	}
	var nested []string
	for i := 0; i < md.Messages().Len(); i++ {
		if m := md.Messages().Get(i); !m.IsMapEntry() {
			nested = append(nested, printMessage(m, pkg))
		}
	}
	for i := 0; i < md.Enums().Len(); i++ {
		nested = append(nested, printEnum(md.Enums().Get(i)))
	}
	if len(nested) > 0 {
		b.WriteByte('\n')
		for _, n := range nested {
			b.WriteString(indent(n))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

func typeName(f protoreflect.FieldDescriptor, pkg string) string {
	var full string
	switch f.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		full = string(f.Message().FullName())
	case protoreflect.EnumKind:
		full = string(f.Enum().FullName())
	default:
		return f.Kind().String()
	}
	if pkg != "" && strings.HasPrefix(full, pkg+".") {
		return full[len(pkg)+1:]
	}
	if pkg == "" {
		return full
	}
	return "." + full
}

func printField(f protoreflect.FieldDescriptor, pkg string, withLabel bool) string {
	var b strings.Builder
	switch {
	case f.IsMap():
		fmt.Fprintf(&b, "map<%s, %s>", typeName(f.MapKey(), pkg), typeName(f.MapValue(), pkg))
	default:
		if withLabel {
			switch {
			case f.Cardinality() == protoreflect.Repeated:
				b.WriteString("repeated ")
			case f.Cardinality() == protoreflect.Required:
				b.WriteString("required ")
			case f.ParentFile().Syntax() == protoreflect.Proto2 || f.HasOptionalKeyword():
				b.WriteString("optional ")
			}
		}
		b.WriteString(typeName(f, pkg))
	}
	fmt.Fprintf(&b, " %s = %d", f.Name(), f.Number())
	var opts []string
	if f.HasDefault() {
		v := f.Default()
		if f.Kind() == protoreflect.StringKind || f.Kind() == protoreflect.BytesKind {
			opts = append(opts, fmt.Sprintf("default = %q", v.String()))
		} else if f.Kind() == protoreflect.EnumKind {
			opts = append(opts, fmt.Sprintf("default = %s", f.DefaultEnumValue().Name()))
		} else {
			opts = append(opts, fmt.Sprintf("default = %v", v.Interface()))
		}
	}
	if fp, ok := f.Options().(*descriptorpb.FieldOptions); ok && fp != nil && fp.GetDeprecated() {
		opts = append(opts, "deprecated = true")
	}
	if len(opts) > 0 {
		b.WriteString(" [" + strings.Join(opts, ", ") + "]")
	}
	b.WriteString(";\n")
	return b.String()
}

func printEnum(ed protoreflect.EnumDescriptor) string {
	var b strings.Builder
	fmt.Fprintf(&b, "enum %s {\n", ed.Name())
	for i := 0; i < ed.Values().Len(); i++ {
		v := ed.Values().Get(i)
		b.WriteString(indent(fmt.Sprintf("%s = %d;\n", v.Name(), v.Number())))
	}
	b.WriteString("}\n")
	return b.String()
}
