package mockproxy

// The web page for people at GET /_mock/: topics and offsets, messages
// per partition, a produce form, consumer groups and instances, fault
// rules and the live request journal. It is plain HTML, JavaScript and CSS
// embedded in the binary (no build step, nothing loaded from elsewhere),
// and it uses only the admin API and the REST API itself.

import (
	"embed"
	"net/http"
	"path"
	"strconv"
)

//go:embed web/index.html web/app.js web/style.css
var webFiles embed.FS

// webTypes are the Content-Types of the page's files.
var webTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
}

// serveWebFile writes one embedded file. The files never change while the
// binary runs, but a new binary can change them, so browsers revalidate.
func serveWebFile(w http.ResponseWriter, name string) {
	adminNoJournal(w)
	b, err := webFiles.ReadFile("web/" + name)
	if err != nil {
		adminError(w, http.StatusNotFound, "no file "+name)
		return
	}
	h := w.Header()
	h.Set("Content-Type", webTypes[path.Ext(name)])
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	serveWebFile(w, "index.html")
}

func (s *Server) adminAsset(w http.ResponseWriter, r *http.Request) {
	serveWebFile(w, pathVar(r, "asset"))
}
