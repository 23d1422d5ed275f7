package schemareg

import "sync"

// parseCache remembers the parses of schemas without references, which
// depend on nothing but their type and text: a client that registers or
// looks up the same schema text on every request (as the proxy does for
// a produce with a raw schema) parses it once. It has its own lock, taken
// alone; it is bounded by starting over when full.
type parseCache struct {
	mu sync.Mutex
	m  map[string]parsed
}

// maxParseCache bounds a parseCache.
const maxParseCache = 256

func parseKey(typ SchemaType, text string) string { return string(typ) + "\x00" + text }

func (c *parseCache) get(key string) (parsed, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[key]
	return p, ok
}

func (c *parseCache) put(key string, p parsed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxParseCache {
		c.m = make(map[string]parsed)
	}
	c.m[key] = p
}
