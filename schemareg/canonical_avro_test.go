package schemareg

import "testing"

// TestAvroCanonical checks the stored text against what Java's
// Schema.toString() prints for the same input.
func TestAvroCanonical(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"primitive object", `{"type": "string"}`, `"string"`},
		{"primitive name", ` "long" `, `"long"`},
		{"logical type keeps props in order", `{"type":"long","logicalType":"timestamp-millis"}`, `{"type":"long","logicalType":"timestamp-millis"}`},
		{"decimal", `{"type":"bytes","scale":2,"logicalType":"decimal","precision":10}`, `{"type":"bytes","scale":2,"logicalType":"decimal","precision":10}`},
		{"record full name split", `{"type":"record","name":"com.ex.Rec","fields":[{"name":"a","type":"int"}]}`,
			`{"type":"record","name":"Rec","namespace":"com.ex","fields":[{"name":"a","type":"int"}]}`},
		{"record member order", `{"fields":[{"default":1.50,"type":"double","name":"d","doc":"a \"doc\""}],"doc":"top","name":"R","type":"record","namespace":"n","aliases":["Old"],"x-prop":{"k":[1,2]}}`,
			`{"type":"record","name":"R","namespace":"n","doc":"top","fields":[{"name":"d","type":"double","doc":"a \"doc\"","default":1.5}],"x-prop":{"k":[1,2]},"aliases":["Old"]}`},
		{"nested same namespace and refs", `{"type":"record","name":"A","namespace":"n","fields":[{"name":"b","type":{"type":"record","name":"n.B","fields":[]}},{"name":"c","type":["null","B"],"default":null},{"name":"e","type":{"type":"enum","name":"m.E","symbols":["X","Y"],"default":"X"}},{"name":"f","type":"m.E","order":"descending"}]}`,
			`{"type":"record","name":"A","namespace":"n","fields":[{"name":"b","type":{"type":"record","name":"B","fields":[]}},{"name":"c","type":["null","B"],"default":null},{"name":"e","type":{"type":"enum","name":"E","namespace":"m","symbols":["X","Y"],"default":"X"}},{"name":"f","type":"m.E","order":"descending"}]}`},
		{"array map fixed", `{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"string"}},{"name":"m","type":{"values":"long","type":"map"}},{"name":"x","type":{"type":"fixed","name":"F","size":16,"logicalType":"uuid"}}]}`,
			`{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"string"}},{"name":"m","type":{"type":"map","values":"long"}},{"name":"x","type":{"type":"fixed","name":"F","size":16,"logicalType":"uuid"}}]}`},
		{"double exponents", `{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":1e10},{"name":"b","type":"float","default":0.0001}]}`,
			`{"type":"record","name":"R","fields":[{"name":"a","type":"double","default":1.0E10},{"name":"b","type":"float","default":1.0E-4}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseAvro(tt.in, nil)
			if err != nil {
				t.Fatalf("parseAvro: %v", err)
			}
			if p.canonical != tt.want {
				t.Errorf("canonical:\n got %s\nwant %s", p.canonical, tt.want)
			}
		})
	}
}
