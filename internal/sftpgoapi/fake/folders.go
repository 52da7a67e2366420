package fake

import (
	"net/http"
	"net/url"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

func (s *Server) addFolder(w http.ResponseWriter, r *http.Request, _ *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	var f sftpgoapi.Folder
	if _, err := decode(data, &f); err != nil {
		err.send(w)
		return
	}
	s.mu.Lock()
	err := validateFolder(&f, nil)
	if err == nil {
		if _, exists := s.folders[f.Name]; exists {
			err = &userError{status: http.StatusConflict,
				err: "duplicated key not allowed: UNIQUE constraint failed: folders.name"}
		}
	}
	var out *sftpgoapi.Folder
	if err == nil {
		s.storeFolder(&f, nil)
		out = s.renderFolder(s.folders[f.Name], true)
	}
	s.mu.Unlock()
	if err != nil {
		err.send(w)
		return
	}
	w.Header().Set("Location", "/api/v2/folders/"+url.PathEscape(f.Name))
	sendJSON(w, http.StatusCreated, out)
}

func (s *Server) updateFolder(w http.ResponseWriter, r *http.Request, _ *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.folders[r.PathValue("name")]
	if !exists {
		sendNotFound(w)
		return
	}
	var f sftpgoapi.Folder
	if _, err := decode(data, &f); err != nil {
		err.send(w)
		return
	}
	f.ID, f.Name = old.ID, old.Name
	if err := validateFolder(&f, old); err != nil {
		err.send(w)
		return
	}
	s.storeFolder(&f, old)
	sendError(w, http.StatusOK, "", "Folder updated")
}

// deleteFolder is SFTPGo's DeleteFolder: a folder in use is not refused, its
// mounts go with it (ON DELETE CASCADE).
func (s *Server) deleteFolder(w http.ResponseWriter, r *http.Request, _ *session) {
	s.mu.Lock()
	ok := s.removeFolder(r.PathValue("name"))
	s.mu.Unlock()
	if !ok {
		sendNotFound(w)
		return
	}
	sendError(w, http.StatusOK, "", "Folder deleted")
}
