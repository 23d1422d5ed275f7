// Package hostport turns the addresses servers listen on into addresses
// clients dial.
package hostport

import "net"

// Wildcard reports whether a listen host means every interface: empty,
// 0.0.0.0 or ::.
func Wildcard(host string) bool {
	ip := net.ParseIP(host)
	return host == "" || (ip != nil && ip.IsUnspecified())
}

// Dial is the address a client dials to reach the listener at a: a
// wildcard host becomes 127.0.0.1.
func Dial(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if Wildcard(host) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
