package hostport

import (
	"net"
	"testing"
)

func TestDial(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{":8082", "127.0.0.1:8082"},
		{"0.0.0.0:1", "127.0.0.1:1"},
		{"[::]:2", "127.0.0.1:2"},
		{"127.0.0.2:3", "127.0.0.2:3"},
		{"[::1]:4", "[::1]:4"},
		{"localhost:5", "localhost:5"},
	} {
		if got := Dial(fakeAddr(tc.addr)); got != tc.want {
			t.Errorf("Dial(%s) = %s, want %s", tc.addr, got, tc.want)
		}
	}
	if got := Dial(fakeAddr("no port")); got != "no port" {
		t.Errorf("Dial(no port) = %s, want it unchanged", got)
	}
}

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }

var _ net.Addr = fakeAddr("")
