package fake

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

func (s *Server) addAdmin(w http.ResponseWriter, r *http.Request, _ *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	var a sftpgoapi.Admin
	if _, err := decode(data, &a); err != nil {
		err.send(w)
		return
	}
	password := a.Password
	a.Password = ""
	s.mu.Lock()
	err := validateAdmin(&a, password)
	if err == nil {
		if _, exists := s.admins[a.Username]; exists {
			err = &userError{status: http.StatusConflict,
				err: "duplicated key not allowed: UNIQUE constraint failed: admins.username"}
		}
	}
	var out *sftpgoapi.Admin
	if err == nil {
		s.storeAdmin(&a, password, nil)
		out = s.renderAdmin(s.admins[a.Username])
	}
	s.mu.Unlock()
	if err != nil {
		err.send(w)
		return
	}
	w.Header().Set("Location", "/api/v2/admins/"+url.PathEscape(a.Username))
	sendJSON(w, http.StatusCreated, out)
}

// updateAdmin is SFTPGo's updateAdmin, with its checks on the caller's own
// account.
func (s *Server) updateAdmin(w http.ResponseWriter, r *http.Request, sess *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	username := r.PathValue("username")
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.admins[username]
	if !exists {
		sendNotFound(w)
		return
	}
	var a sftpgoapi.Admin
	if _, err := decode(data, &a); err != nil {
		err.send(w)
		return
	}
	if username == sess.admin {
		switch {
		case sess.apiKey:
			sendError(w, http.StatusBadRequest, "updating the admin impersonated with an API key is not allowed", "")
			return
		case !sameElements(old.admin.Permissions, a.Permissions):
			sendError(w, http.StatusBadRequest, "you cannot change your permissions", "")
			return
		case a.Status == sftpgoapi.StatusDisabled:
			sendError(w, http.StatusBadRequest, "you cannot disable yourself", "")
			return
		case a.Role != old.admin.Role:
			sendError(w, http.StatusBadRequest, "you cannot add/change your role", "")
			return
		}
		a.Filters.RequirePasswordChange = old.admin.Filters.RequirePasswordChange
		a.Filters.RequireTwoFactor = old.admin.Filters.RequireTwoFactor
	}
	a.ID, a.Username = old.admin.ID, old.admin.Username
	password := a.Password
	if password == "" {
		password = old.password
	}
	a.Password = ""
	for _, name := range []string{"recovery_codes", "totp_config"} {
		if v, ok := old.admin.Filters.Extra[name]; ok {
			setExtra(&a.Filters.Extra, name, v)
		} else {
			delete(a.Filters.Extra, name)
		}
	}
	if err := validateAdmin(&a, password); err != nil {
		err.send(w)
		return
	}
	s.storeAdmin(&a, password, &old.admin)
	sendError(w, http.StatusOK, "", "Admin updated")
}

// deleteAdmin is SFTPGo's deleteAdmin; the admin's API keys go with it.
func (s *Server) deleteAdmin(w http.ResponseWriter, r *http.Request, sess *session) {
	username := r.PathValue("username")
	if username == sess.admin {
		sendError(w, http.StatusBadRequest, "you cannot delete yourself", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.admins[username]; !ok {
		sendNotFound(w)
		return
	}
	delete(s.admins, username)
	for id, k := range s.apiKeys {
		if k.admin == username {
			delete(s.apiKeys, id)
		}
	}
	sendError(w, http.StatusOK, "", "Admin deleted")
}

// sameElements compares two permission lists as sets.
func sameElements(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(dedupe(a))), slices.Sorted(slices.Values(dedupe(b)))
	return slices.Equal(a, b)
}
