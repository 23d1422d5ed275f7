//go:build !unix

package fileerr

// openNonBlocking is 0 where named pipes cannot block an open.
const openNonBlocking = 0
