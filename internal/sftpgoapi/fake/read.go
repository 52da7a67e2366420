package fake

import (
	"net/http"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// listOf answers GET on a collection as SFTPGo does: the objects of the
// store (read under s.mu), sorted by name, paged by limit and offset,
// rendered as a GET shows them.
func listOf[R any, O any](s *Server, store func() map[string]R, render func(R) *O) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, _ *session) {
		limit, offset, desc, ok := listParams(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		objects := store()
		out := []*O{}
		for _, name := range page(sortedKeys(objects), limit, offset, desc) {
			out = append(out, render(objects[name]))
		}
		s.mu.Unlock()
		sendJSON(w, http.StatusOK, out)
	}
}

// getOf answers GET on one object, named by the path value param; 404
// when the store lacks it.
func getOf[R any, O any](s *Server, param string, store func() map[string]R, render func(R) *O) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, _ *session) {
		s.mu.Lock()
		rec, ok := store()[r.PathValue(param)]
		var out *O
		if ok {
			out = render(rec)
		}
		s.mu.Unlock()
		if !ok {
			sendNotFound(w)
			return
		}
		sendJSON(w, http.StatusOK, out)
	}
}

// renderFolderWithRelations renders a folder with its users and groups, as
// the folder routes do.
func (s *Server) renderFolderWithRelations(f *sftpgoapi.Folder) *sftpgoapi.Folder {
	return s.renderFolder(f, true)
}
