package mockproxy

import "testing"

func TestCompileJavaPattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		match   []string
		noMatch []string
	}{
		{"orders-.*", []string{"orders-eu", "orders-"}, []string{"xorders-eu", "orders"}},
		{"a++b", []string{"aab"}, []string{"b"}},
		{"[a+]+c", []string{"a+ac"}, []string{"c"}},
		{"t\\d{2}+", []string{"t12"}, []string{"t1", "t123"}},
		{"logs\\Z", []string{"logs"}, []string{"logsx"}},
		{"a\\+", []string{"a+"}, []string{"a"}},
		{"x|y", []string{"x", "y"}, []string{"xy"}},
	}
	for _, tc := range tests {
		re, err := compileJavaPattern(tc.pattern)
		if err != nil {
			t.Errorf("compileJavaPattern(%q): %v", tc.pattern, err)
			continue
		}
		for _, s := range tc.match {
			if !re.MatchString(s) {
				t.Errorf("%q does not match %q", tc.pattern, s)
			}
		}
		for _, s := range tc.noMatch {
			if re.MatchString(s) {
				t.Errorf("%q matches %q", tc.pattern, s)
			}
		}
	}
	for _, bad := range []string{"(?=a)b", "(a)\\1", "(?>a)"} {
		if _, err := compileJavaPattern(bad); err == nil {
			t.Errorf("compileJavaPattern(%q) compiled; RE2 has no such construct", bad)
		}
	}
}
