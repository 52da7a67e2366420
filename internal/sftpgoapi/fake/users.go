package fake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// maxRequestSize is SFTPGo's limit on a request body.
const maxRequestSize = 1 << 20

// readBody reads a request body; decoding comes later, as SFTPGo decodes
// after checking that the object exists.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestSize))
	if err != nil {
		sendError(w, http.StatusBadRequest, err.Error(), "")
		return nil, false
	}
	return data, true
}

// decode decodes a body into v as render.DecodeJSON does, and returns its
// top-level members to tell a missing member from an empty one.
func decode(data []byte, v any) (map[string]json.RawMessage, *userError) {
	if err := json.Unmarshal(data, v); err != nil {
		return nil, &userError{status: http.StatusBadRequest, err: err.Error()}
	}
	var members map[string]json.RawMessage
	_ = json.Unmarshal(data, &members)
	return members, nil
}

// checkUserRefs checks the folders and groups a user names, in the order
// SFTPGo's SQL providers insert their mappings; s.mu is held.
func (s *Server) checkUserRefs(u *sftpgoapi.User) *userError {
	if s.missingMount(u.VirtualFolders) {
		return &userError{status: http.StatusInternalServerError,
			err: "NOT NULL constraint failed: users_folders_mapping.folder_id"}
	}
	for _, g := range u.Groups {
		if _, ok := s.groups[g.Name]; !ok {
			return &userError{status: http.StatusInternalServerError,
				err: "NOT NULL constraint failed: users_groups_mapping.group_id"}
		}
	}
	return nil
}

// addUser is SFTPGo's addUser: the user of an admin with a role gets that
// role.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request, sess *session) {
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	var u sftpgoapi.User
	if _, err := decode(data, &u); err != nil {
		err.send(w)
		return
	}
	if sess.role != "" {
		u.Role = sess.role
	}
	password := u.Password
	u.Password = ""
	// SFTPGo's addUser resets what only the user sets.
	for _, name := range []string{"recovery_codes", "totp_config"} {
		delete(u.Filters.Extra, name)
	}
	delete(u.Extra, "last_password_change")

	s.mu.Lock()
	err := s.validateUser(&u, nil, password)
	if err == nil {
		if _, exists := s.users[u.Username]; exists {
			err = &userError{status: http.StatusConflict,
				err: "duplicated key not allowed: UNIQUE constraint failed: users.username"}
		}
	}
	if err == nil {
		err = s.checkUserRefs(&u)
	}
	var out *sftpgoapi.User
	if err == nil {
		if password != "" && !isHashed(password) {
			setExtra(&u.Extra, "last_password_change", s.nowMillis())
		}
		s.storeUser(&u, password, nil)
		out = s.renderUser(s.users[u.Username])
	}
	s.mu.Unlock()
	if err != nil {
		err.send(w)
		return
	}
	w.Header().Set("Location", "/api/v2/users/"+url.PathEscape(u.Username))
	sendJSON(w, http.StatusCreated, out)
}

// updateUser is SFTPGo's updateUser: the body replaces the user, except what
// it keeps from the stored one; an admin with a role updates only the users
// of its role, and they keep that role.
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, sess *session) {
	disconnect := 0
	if _, set := r.URL.Query()["disconnect"]; set {
		n, err := strconv.Atoi(r.URL.Query().Get("disconnect"))
		if err != nil {
			sendError(w, http.StatusBadRequest, fmt.Sprintf("invalid disconnect parameter: %v", err), "")
			return
		}
		disconnect = n
	}
	data, ok := readBody(w, r)
	if !ok {
		return
	}
	username := r.PathValue("username")

	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.users[username]
	if !exists || !userVisible(old, sess) {
		sendNotFound(w)
		return
	}
	var u sftpgoapi.User
	members, err := decode(data, &u)
	if err != nil {
		err.send(w)
		return
	}
	u.ID, u.Username = old.user.ID, old.user.Username
	if sess.role != "" {
		u.Role = sess.role
	}
	// The stored password is kept when the body has no password member;
	// "password": "" clears it, as in SFTPGo.
	password, plain := old.password, ""
	if _, sent := members["password"]; sent {
		password, plain = u.Password, u.Password
	}
	u.Password = ""
	for _, name := range []string{"recovery_codes", "totp_config"} {
		if v, ok := old.user.Filters.Extra[name]; ok {
			setExtra(&u.Filters.Extra, name, v)
		} else {
			delete(u.Filters.Extra, name)
		}
	}
	if v, ok := old.user.Extra["last_password_change"]; ok {
		setExtra(&u.Extra, "last_password_change", v)
	} else {
		delete(u.Extra, "last_password_change")
	}
	if err := s.validateUser(&u, old, plain); err != nil {
		err.send(w)
		return
	}
	if err := s.checkUserRefs(&u); err != nil {
		err.send(w)
		return
	}
	if plain != "" && !isHashed(plain) {
		setExtra(&u.Extra, "last_password_change", s.nowMillis())
	}
	s.storeUser(&u, password, old)
	s.disconnects[username] = disconnect
	sendError(w, http.StatusOK, "", "User updated")
}

// deleteUser is SFTPGo's deleteUser: an admin with a role deletes only the
// users of its role.
func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, sess *session) {
	s.mu.Lock()
	rec, ok := s.users[r.PathValue("username")]
	ok = ok && userVisible(rec, sess)
	if ok {
		delete(s.users, r.PathValue("username"))
	}
	s.mu.Unlock()
	if !ok {
		sendNotFound(w)
		return
	}
	sendError(w, http.StatusOK, "", "User deleted")
}
