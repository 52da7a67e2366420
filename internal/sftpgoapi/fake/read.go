package fake

import (
	"net/http"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// visibility says whether the caller sees an object; nil: every object.
type visibility[R any] func(R, *session) bool

// listOf answers GET on a collection as SFTPGo does: the objects of the
// store (read under s.mu) the caller sees, sorted by name, paged by limit
// and offset, rendered as a GET shows them.
func listOf[R any, O any](s *Server, store func() map[string]R, visible visibility[R], render func(R) *O) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, sess *session) {
		limit, offset, desc, ok := listParams(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		objects := store()
		if visible != nil {
			seen := make(map[string]R, len(objects))
			for name, rec := range objects {
				if visible(rec, sess) {
					seen[name] = rec
				}
			}
			objects = seen
		}
		out := []*O{}
		for _, name := range page(sortedKeys(objects), limit, offset, desc) {
			out = append(out, render(objects[name]))
		}
		s.mu.Unlock()
		sendJSON(w, http.StatusOK, out)
	}
}

// getOf answers GET on one object, named by the path value param; 404
// when the store lacks it or the caller does not see it.
func getOf[R any, O any](s *Server, param string, store func() map[string]R, visible visibility[R], render func(R) *O) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, sess *session) {
		s.mu.Lock()
		rec, ok := store()[r.PathValue(param)]
		ok = ok && (visible == nil || visible(rec, sess))
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

// userVisible is SFTPGo's UserExists and GetUsers with the caller's role: an
// admin with a role sees only the users of that role.
func userVisible(rec *userRecord, sess *session) bool {
	return sess == nil || sess.role == "" || rec.user.Role == sess.role
}
