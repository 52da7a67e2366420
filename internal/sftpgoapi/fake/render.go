package fake

import (
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// renderUser returns the user as a GET shows it; s.mu is held.
func (s *Server) renderUser(rec *userRecord) *sftpgoapi.User {
	u := clone(&rec.user)
	u.Password = ""
	u.HasPassword = rec.password != ""
	u.Filesystem = renderFilesystem(u.Filesystem)
	u.VirtualFolders = s.renderMounts(u.VirtualFolders)
	for name, value := range map[string]any{
		"uid": 0, "gid": 0, "upload_data_transfer": 0, "download_data_transfer": 0, "total_data_transfer": 0,
	} {
		setExtraDefault(&u.Extra, name, value)
	}
	setExtraDefault(&u.Filters.Extra, "hooks", map[string]bool{
		"external_auth_disabled": false, "pre_login_disabled": false, "check_password_disabled": false,
	})
	setExtraDefault(&u.Filters.Extra, "totp_config", map[string]any{})
	return u
}

// renderMounts adds each folder's own members to a user's or group's
// virtual folders, as SFTPGo's GET does; s.mu is held.
func (s *Server) renderMounts(mounts []sftpgoapi.VirtualFolder) []sftpgoapi.VirtualFolder {
	out := make([]sftpgoapi.VirtualFolder, 0, len(mounts))
	for _, m := range mounts {
		f, ok := s.folders[m.Name]
		if !ok {
			continue
		}
		obj := toObject(s.renderFolder(f, false))
		obj["virtual_path"] = m.VirtualPath
		obj["quota_size"] = m.QuotaSize
		obj["quota_files"] = m.QuotaFiles
		var vf sftpgoapi.VirtualFolder
		fromObject(obj, &vf)
		out = append(out, vf)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// renderGroup returns the group as a GET shows it; s.mu is held.
func (s *Server) renderGroup(g *sftpgoapi.Group) *sftpgoapi.Group {
	out := clone(g)
	out.UserSettings.Filesystem = renderFilesystem(out.UserSettings.Filesystem)
	out.VirtualFolders = s.renderMounts(out.VirtualFolders)
	out.Users = s.groupMembers(g.Name)
	return out
}

// groupMembers returns the users in the group, sorted; s.mu is held.
func (s *Server) groupMembers(name string) []string {
	var members []string
	for _, username := range sortedKeys(s.users) {
		for _, gm := range s.users[username].user.Groups {
			if gm.Name == name {
				members = append(members, username)
				break
			}
		}
	}
	return members
}

// renderFolder returns the folder as a GET shows it, with the users and
// groups mounting it when relations is set; s.mu is held.
func (s *Server) renderFolder(f *sftpgoapi.Folder, relations bool) *sftpgoapi.Folder {
	out := clone(f)
	out.Filesystem = renderFilesystem(out.Filesystem)
	for _, name := range []string{"used_quota_size", "used_quota_files", "last_quota_update"} {
		setExtraDefault(&out.Extra, name, 0)
	}
	if !relations {
		return out
	}
	for _, username := range sortedKeys(s.users) {
		if mounts(s.users[username].user.VirtualFolders, f.Name) {
			out.Users = append(out.Users, username)
		}
	}
	for _, name := range sortedKeys(s.groups) {
		if mounts(s.groups[name].VirtualFolders, f.Name) {
			out.Groups = append(out.Groups, name)
		}
	}
	return out
}

func mounts(vfs []sftpgoapi.VirtualFolder, name string) bool {
	for _, m := range vfs {
		if m.Name == name {
			return true
		}
	}
	return false
}

// renderAdmin returns the admin as a GET shows it; s.mu is held.
func (s *Server) renderAdmin(rec *adminRecord) *sftpgoapi.Admin {
	a := clone(&rec.admin)
	a.Password = ""
	setExtraDefault(&a.Extra, "last_login", 0)
	setExtraDefault(&a.Filters.Extra, "totp_config", map[string]any{})
	setExtraDefault(&a.Filters.Extra, "preferences", map[string]any{})
	return a
}
