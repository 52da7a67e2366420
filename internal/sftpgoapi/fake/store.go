package fake

import (
	"encoding/json"
	"sort"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// clone deep-copies an object through JSON, which keeps its Extra members.
func clone[T any](v *T) *T {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	out := new(T)
	if err := json.Unmarshal(data, out); err != nil {
		panic(err)
	}
	return out
}

// setExtra sets an unmodelled member.
func setExtra(extra *sftpgoapi.Extra, name string, value any) {
	data, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	if *extra == nil {
		*extra = sftpgoapi.Extra{}
	}
	(*extra)[name] = data
}

// setExtraDefault sets an unmodelled member the real server always renders,
// when it is missing.
func setExtraDefault(extra *sftpgoapi.Extra, name string, value any) {
	if _, ok := (*extra)[name]; !ok {
		setExtra(extra, name, value)
	}
}

func (s *Server) newID(kind Kind) int64 {
	s.nextID[kind]++
	return s.nextID[kind]
}

func (s *Server) nowMillis() int64 {
	return s.now().UnixMilli()
}

// stamp sets created_at (kept from old when there is one) and updated_at.
func (s *Server) stamp(extra *sftpgoapi.Extra, old sftpgoapi.Extra) {
	if created, ok := old["created_at"]; ok {
		setExtra(extra, "created_at", created)
	} else {
		setExtra(extra, "created_at", s.nowMillis())
	}
	setExtra(extra, "updated_at", s.nowMillis())
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Names returns the names of the objects of kind, sorted.
func (s *Server) Names(kind Kind) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch kind {
	case KindUser:
		return sortedKeys(s.users)
	case KindGroup:
		return sortedKeys(s.groups)
	case KindFolder:
		return sortedKeys(s.folders)
	case KindAdmin:
		return sortedKeys(s.admins)
	}
	return nil
}

// User returns a copy of the stored user: without password, with
// filesystem secrets encrypted (see SecretValue).
func (s *Server) User(username string) (*sftpgoapi.User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.users[username]
	if !ok {
		return nil, false
	}
	return clone(&rec.user), true
}

// Group returns a copy of the stored group.
func (s *Server) Group(name string) (*sftpgoapi.Group, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.groups[name]
	if !ok {
		return nil, false
	}
	return clone(g), true
}

// Folder returns a copy of the stored folder.
func (s *Server) Folder(name string) (*sftpgoapi.Folder, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.folders[name]
	if !ok {
		return nil, false
	}
	return clone(f), true
}

// Admin returns a copy of the stored admin, without password.
func (s *Server) Admin(username string) (*sftpgoapi.Admin, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.admins[username]
	if !ok {
		return nil, false
	}
	return clone(&rec.admin), true
}

// Password returns the password the server received last for the user or
// admin (plain text, or the hash that was sent), and whether there is one.
func (s *Server) Password(kind Kind, name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var pw string
	switch kind {
	case KindUser:
		if rec, ok := s.users[name]; ok {
			pw = rec.password
		}
	case KindAdmin:
		if rec, ok := s.admins[name]; ok {
			pw = rec.password
		}
	}
	return pw, pw != ""
}

// CheckUserPassword reports whether the user exists, is enabled and has
// password (compared with the stored plain text or bcrypt hash).
func (s *Server) CheckUserPassword(username, password string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.users[username]
	return ok && rec.user.Status == sftpgoapi.StatusEnabled && checkPassword(rec.password, password)
}

// PutUser stores u as an edit in SFTPGo's web admin would, bypassing the
// API, its counters and its validation: it creates or replaces the user,
// keeps the stored password when u.Password is empty, and encrypts plain
// filesystem secrets.
func (s *Server) PutUser(u sftpgoapi.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u = *clone(&u)
	var old *userRecord
	if rec, ok := s.users[u.Username]; ok {
		old = rec
	}
	password := u.Password
	if password == "" && old != nil {
		password = old.password
	}
	var oldFS *sftpgoapi.Filesystem
	if old != nil {
		oldFS = &old.user.Filesystem
	}
	_ = storeFilesystem(&u.Filesystem, oldFS, u.Username)
	s.storeUser(&u, password, old)
}

// DeleteUser removes the user behind the API's back; it reports whether it
// existed.
func (s *Server) DeleteUser(username string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.users[username]
	delete(s.users, username)
	return ok
}

// PutGroup stores g, bypassing the API (see PutUser).
func (s *Server) PutGroup(g sftpgoapi.Group) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g = *clone(&g)
	old := s.groups[g.Name]
	var oldFS *sftpgoapi.Filesystem
	if old != nil {
		oldFS = &old.UserSettings.Filesystem
	}
	_ = storeFilesystem(&g.UserSettings.Filesystem, oldFS, "group_"+g.Name)
	s.storeGroup(&g, old)
}

// DeleteGroup removes the group behind the API's back, even if users belong
// to it; it reports whether it existed.
func (s *Server) DeleteGroup(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.groups[name]
	delete(s.groups, name)
	return ok
}

// PutFolder stores f, bypassing the API (see PutUser).
func (s *Server) PutFolder(f sftpgoapi.Folder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f = *clone(&f)
	old := s.folders[f.Name]
	var oldFS *sftpgoapi.Filesystem
	if old != nil {
		oldFS = &old.Filesystem
	}
	_ = storeFilesystem(&f.Filesystem, oldFS, "folder_"+f.Name)
	s.storeFolder(&f, old)
}

// DeleteFolder removes the folder behind the API's back and unmounts it
// from its users and groups, as SFTPGo does; it reports whether it existed.
func (s *Server) DeleteFolder(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.removeFolder(name)
}

// PutAdmin stores a, bypassing the API (see PutUser).
func (s *Server) PutAdmin(a sftpgoapi.Admin) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a = *clone(&a)
	password := a.Password
	old := s.admins[a.Username]
	if password == "" && old != nil {
		password = old.password
	}
	var oldAdmin *sftpgoapi.Admin
	if old != nil {
		oldAdmin = &old.admin
	}
	s.storeAdmin(&a, password, oldAdmin)
}

// DeleteAdmin removes the admin behind the API's back; it reports whether it
// existed.
func (s *Server) DeleteAdmin(username string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.admins[username]
	delete(s.admins, username)
	return ok
}

// storeUser saves a validated user; s.mu is held.
func (s *Server) storeUser(u *sftpgoapi.User, password string, old *userRecord) {
	u.Password = ""
	u.HasPassword = false
	var oldExtra sftpgoapi.Extra
	if old != nil {
		u.ID = old.user.ID
		oldExtra = old.user.Extra
	} else {
		u.ID = s.newID(KindUser)
	}
	s.stamp(&u.Extra, oldExtra)
	s.users[u.Username] = &userRecord{user: *u, password: password}
}

// storeGroup saves a validated group; s.mu is held.
func (s *Server) storeGroup(g *sftpgoapi.Group, old *sftpgoapi.Group) {
	g.Users = nil
	var oldExtra sftpgoapi.Extra
	if old != nil {
		g.ID = old.ID
		oldExtra = old.Extra
	} else {
		g.ID = s.newID(KindGroup)
	}
	delete(g.Extra, "admins")
	s.stamp(&g.Extra, oldExtra)
	s.groups[g.Name] = g
}

// storeFolder saves a validated folder; s.mu is held.
func (s *Server) storeFolder(f *sftpgoapi.Folder, old *sftpgoapi.Folder) {
	f.Users, f.Groups = nil, nil
	if old != nil {
		f.ID = old.ID
	} else {
		f.ID = s.newID(KindFolder)
	}
	for _, name := range []string{"used_quota_size", "used_quota_files", "last_quota_update"} {
		delete(f.Extra, name)
	}
	s.folders[f.Name] = f
}

// storeAdmin saves a validated admin; s.mu is held.
func (s *Server) storeAdmin(a *sftpgoapi.Admin, password string, old *sftpgoapi.Admin) {
	a.Password = ""
	var oldExtra sftpgoapi.Extra
	if old != nil {
		a.ID = old.ID
		oldExtra = old.Extra
	} else {
		a.ID = s.newID(KindAdmin)
	}
	s.stamp(&a.Extra, oldExtra)
	s.admins[a.Username] = &adminRecord{admin: *a, password: password}
}

// removeFolder deletes a folder and its mounts; s.mu is held.
func (s *Server) removeFolder(name string) bool {
	if _, ok := s.folders[name]; !ok {
		return false
	}
	delete(s.folders, name)
	for _, rec := range s.users {
		rec.user.VirtualFolders = withoutFolder(rec.user.VirtualFolders, name)
	}
	for _, g := range s.groups {
		g.VirtualFolders = withoutFolder(g.VirtualFolders, name)
	}
	return true
}

func withoutFolder(mounts []sftpgoapi.VirtualFolder, name string) []sftpgoapi.VirtualFolder {
	var out []sftpgoapi.VirtualFolder
	for _, m := range mounts {
		if m.Name != name {
			out = append(out, m)
		}
	}
	return out
}
