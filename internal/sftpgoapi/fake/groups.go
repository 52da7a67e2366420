package fake

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// checkGroupRefs checks the folders a group mounts; s.mu is held.
func (s *Server) checkGroupRefs(g *sftpgoapi.Group) *userError {
	if s.missingMount(g.VirtualFolders) {
		return &userError{status: http.StatusInternalServerError,
			err: "NOT NULL constraint failed: groups_folders_mapping.folder_id"}
	}
	return nil
}

func (s *Server) addGroup(w http.ResponseWriter, r *http.Request, _ *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	var g sftpgoapi.Group
	if _, err := decode(data, &g); err != nil {
		err.send(w)
		return
	}
	s.mu.Lock()
	err := validateGroup(&g, nil)
	if err == nil {
		if _, exists := s.groups[g.Name]; exists {
			err = &userError{status: http.StatusConflict,
				err: "duplicated key not allowed: UNIQUE constraint failed: groups.name"}
		}
	}
	if err == nil {
		err = s.checkGroupRefs(&g)
	}
	var out *sftpgoapi.Group
	if err == nil {
		s.storeGroup(&g, nil)
		out = s.renderGroup(s.groups[g.Name])
	}
	s.mu.Unlock()
	if err != nil {
		err.send(w)
		return
	}
	w.Header().Set("Location", "/api/v2/groups/"+url.PathEscape(g.Name))
	sendJSON(w, http.StatusCreated, out)
}

func (s *Server) updateGroup(w http.ResponseWriter, r *http.Request, _ *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.groups[r.PathValue("name")]
	if !exists {
		sendNotFound(w)
		return
	}
	var g sftpgoapi.Group
	if _, err := decode(data, &g); err != nil {
		err.send(w)
		return
	}
	g.ID, g.Name = old.ID, old.Name
	if err := validateGroup(&g, old); err != nil {
		err.send(w)
		return
	}
	if err := s.checkGroupRefs(&g); err != nil {
		err.send(w)
		return
	}
	s.storeGroup(&g, old)
	sendError(w, http.StatusOK, "", "Group updated")
}

// deleteGroup is SFTPGo's DeleteGroup: a group with members is refused.
func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request, _ *session) {
	name := r.PathValue("name")
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.groups[name]; !ok {
		sendNotFound(w)
		return
	}
	if len(s.groupMembers(name)) > 0 {
		sendValidation(w, fmt.Sprintf("the group %q is referenced, it cannot be removed", name))
		return
	}
	delete(s.groups, name)
	sendError(w, http.StatusOK, "", "Group deleted")
}
