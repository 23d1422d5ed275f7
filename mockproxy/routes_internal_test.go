package mockproxy

import (
	"net/http"
	"testing"
)

// Servers of one profile share one route table, built once; a server with
// formats of its own gets its own table, and the shared one stays as it
// was.
func TestRouteTableShared(t *testing.T) {
	t.Parallel()
	a := NewServer(t, WithoutListener())
	b := NewServer(t, WithoutListener())
	if a.router != b.router {
		t.Errorf("two default servers have different route tables")
	}
	modern := NewServer(t, WithoutListener(), WithProfile(ProfileModern))
	if modern.router == a.router {
		t.Errorf("ProfileModern shares ProfileAll's route table")
	}
	if again := NewServer(t, WithoutListener(), WithProfile(ProfileModern)); again.router != modern.router {
		t.Errorf("two ProfileModern servers have different route tables")
	}
	own := NewServer(t, WithoutListener(), withFormat(toyFormat{}))
	if own.router == a.router {
		t.Errorf("a server with a format of its own shares the profile's route table")
	}
	if n, m := len(own.router.specs), len(a.router.specs); n != m {
		t.Errorf("own table has %d routes, shared %d", n, m)
	}
}

// Each server's handlers run on that server: a topic created on one is not
// seen through the other, though both route through one table.
func TestRouteTableServesOwnServer(t *testing.T) {
	t.Parallel()
	a := NewServer(t, WithoutListener(), WithTopic("only-a", 1))
	b := NewServer(t, WithoutListener())
	for _, tc := range []struct {
		srv  *Server
		want int
	}{{a, http.StatusOK}, {b, http.StatusNotFound}} {
		resp, err := tc.srv.Client().Get(tc.srv.URL() + "/topics/only-a")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET /topics/only-a: status %d, want %d", resp.StatusCode, tc.want)
		}
	}
}
