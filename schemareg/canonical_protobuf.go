package schemareg

type protoFile struct{}

func parseProtobuf(text string, refs []resolvedRef) (parsed, error) {
	return parsed{canonical: text}, nil
}
