package schemareg

func jsonBackward(reader, writer parsed) []string { return nil }
