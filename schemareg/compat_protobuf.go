package schemareg

func protobufBackward(reader, writer parsed) []string { return nil }
