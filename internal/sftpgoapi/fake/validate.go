package fake

import (
	"fmt"
	"net"
	"net/http"
	"path"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Values SFTPGo accepts (internal/dataprovider at v2.7.5).
var (
	validPerms = []string{"*", "list", "download", "upload", "overwrite", "create_dirs", "rename", "rename_files",
		"rename_dirs", "delete", "delete_files", "delete_dirs", "copy", "create_symlinks", "chmod", "chown", "chtimes"}
	validAdminPerms = []string{"*", "add_users", "edit_users", "del_users", "view_users", "manage_folders",
		"manage_groups", "view_conns", "close_conns", "view_status", "quota_scans", "manage_defender",
		"view_defender", "view_events", "disable_mfa"}
	validLoginMethods = []string{"publickey", "password", "password-over-SSH", "keyboard-interactive",
		"publickey+password", "publickey+keyboard-interactive", "TLSCertificate", "TLSCertificate+password"}
	validProtocols = []string{"SSH", "FTP", "DAV", "HTTP"}
)

// hashPrefixes are the password hashes SFTPGo stores as they are for users
// (hashPwdPrefixes); anything else is plain text it hashes.
var hashPrefixes = []string{"$argon2id$", "$2a$", "$pbkdf2-sha1$", "$pbkdf2-sha256$", "$pbkdf2-sha512$",
	"$pbkdf2-b64salt-sha256$", "$1$", "$apr1$", "$5$", "$6$", "$y$", "{MD5}", "{SHA256}", "{SHA512}"}

func isHashed(password string) bool {
	for _, p := range hashPrefixes {
		if strings.HasPrefix(password, p) {
			return true
		}
	}
	return false
}

// validateUser checks u as SFTPGo's ValidateUser does, in its order, and
// normalizes it; old is the stored user on update. plainPassword is the
// password to hash, empty when the stored hash is kept. s.mu is held.
func (s *Server) validateUser(u *sftpgoapi.User, old *userRecord, plainPassword string) *userError {
	if u.HomeDir == "" && s.usersBaseDir != "" {
		u.HomeDir = path.Join(s.usersBaseDir, u.Username)
	}
	if u.Username == "" {
		return validationError("username is mandatory")
	}
	if u.HomeDir == "" {
		return validationError("home_dir is mandatory")
	}
	if !path.IsAbs(u.HomeDir) {
		return validationError(fmt.Sprintf("home_dir must be an absolute path, actual value: %v", u.HomeDir))
	}
	var oldFS *sftpgoapi.Filesystem
	if old != nil {
		oldFS = &old.user.Filesystem
	}
	if err := storeFilesystem(&u.Filesystem, oldFS, u.Username); err != nil {
		return err
	}
	if err := validateGroupMappings(u.Groups); err != nil {
		return err
	}
	if len(u.Permissions) == 0 {
		return validationError("please grant some permissions to this user")
	}
	if _, ok := u.Permissions["/"]; !ok {
		return validationError(`permissions for the root dir "/" must be set`)
	}
	perms, err := validatePermissions(u.Permissions)
	if err != nil {
		return err
	}
	u.Permissions = perms
	mounts, err := validateMounts(u.VirtualFolders)
	if err != nil {
		return err
	}
	u.VirtualFolders = mounts
	if u.Status < 0 || u.Status > 1 {
		return validationError(fmt.Sprintf("invalid user status: %v", u.Status))
	}
	if plainPassword != "" && !isHashed(plainPassword) {
		// createUserPasswordHash loads the primary group's password policy
		// and fails with a plain error (500) when it is missing.
		for _, g := range u.Groups {
			if _, ok := s.groups[g.Name]; g.Type == sftpgoapi.GroupTypePrimary && !ok {
				return &userError{status: http.StatusInternalServerError, err: "unable to load group password policies"}
			}
		}
	}
	for i, key := range u.PublicKeys {
		if key == "" {
			continue
		}
		if _, _, _, _, err := ssh.ParseAuthorizedKey([]byte(key)); err != nil {
			return validationError(fmt.Sprintf("error parsing public key at position %d: %v", i, err))
		}
	}
	return validateFilters(&u.Filters)
}

func validateGroupMappings(groups []sftpgoapi.GroupMapping) *userError {
	primary := false
	seen := map[string]bool{}
	for _, g := range groups {
		if g.Type < sftpgoapi.GroupTypePrimary || g.Type > sftpgoapi.GroupTypeMembership {
			return validationError(fmt.Sprintf("invalid group type: %v", g.Type))
		}
		if g.Type == sftpgoapi.GroupTypePrimary {
			if primary {
				return validationError("only one primary group is allowed")
			}
			primary = true
		}
		if seen[g.Name] {
			return validationError(fmt.Sprintf("the group %q is duplicated", g.Name))
		}
		seen[g.Name] = true
	}
	return nil
}

// validatePermissions is SFTPGo's validateUserPermissions.
func validatePermissions(perms sftpgoapi.Permissions) (sftpgoapi.Permissions, *userError) {
	out := sftpgoapi.Permissions{}
	for dir, list := range perms {
		if len(list) == 0 && dir == "/" {
			return nil, validationError(fmt.Sprintf("no permissions granted for the directory: %q", dir))
		}
		for _, p := range list {
			if !slices.Contains(validPerms, p) {
				return nil, validationError(fmt.Sprintf("invalid permission: %q", p))
			}
		}
		cleaned := path.Clean(dir)
		if !path.IsAbs(cleaned) {
			return nil, validationError(fmt.Sprintf("cannot set permissions for non absolute path: %q", dir))
		}
		if dir != cleaned && cleaned == "/" {
			return nil, validationError(fmt.Sprintf("cannot set permissions for invalid subdirectory: %q is an alias for \"/\"", dir))
		}
		if slices.Contains(list, "*") {
			out[cleaned] = []string{"*"}
		} else {
			out[cleaned] = dedupe(list)
		}
	}
	return out, nil
}

// validateMounts is SFTPGo's validateAssociatedVirtualFolders: only name,
// virtual path and quotas of a mount are kept.
func validateMounts(mounts []sftpgoapi.VirtualFolder) ([]sftpgoapi.VirtualFolder, *userError) {
	var out []sftpgoapi.VirtualFolder
	seen := map[string]bool{}
	for _, m := range mounts {
		if m.VirtualPath == "" {
			return nil, validationError("mount/virtual path is mandatory")
		}
		if (m.QuotaSize == -1) != (m.QuotaFiles == -1) {
			return nil, validationError(fmt.Sprintf("virtual folder quota_size and quota_files must be both -1 or >= 0, quota_size: %v quota_files: %v",
				m.QuotaFiles, m.QuotaSize))
		}
		if m.Name == "" {
			return nil, validationError("folder name is mandatory")
		}
		if seen[m.Name] {
			return nil, validationError(fmt.Sprintf("the folder %q is duplicated", m.Name))
		}
		vpath := path.Clean("/" + m.VirtualPath)
		for _, o := range out {
			if overlaps(o.VirtualPath, vpath) {
				return nil, validationError(fmt.Sprintf("invalid virtual folder %q, it overlaps with virtual folder %q",
					m.VirtualPath, o.VirtualPath))
			}
		}
		seen[m.Name] = true
		out = append(out, sftpgoapi.VirtualFolder{Name: m.Name, VirtualPath: vpath, QuotaSize: m.QuotaSize, QuotaFiles: m.QuotaFiles})
	}
	return out, nil
}

func overlaps(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// validateFilters is part of SFTPGo's validateBaseFilters.
func validateFilters(f *sftpgoapi.UserFilters) *userError {
	for _, cidr := range f.DeniedIP {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			return validationError(fmt.Sprintf("could not parse denied IP/Mask %q: %v", cidr, err))
		}
	}
	for _, cidr := range f.AllowedIP {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			return validationError(fmt.Sprintf("could not parse allowed IP/Mask %q: %v", cidr, err))
		}
	}
	if len(f.DeniedLoginMethods) >= len(validLoginMethods) {
		return validationError("invalid denied_login_methods")
	}
	for _, m := range f.DeniedLoginMethods {
		if !slices.Contains(validLoginMethods, m) {
			return validationError(fmt.Sprintf("invalid login method: %q", m))
		}
	}
	if len(f.DeniedProtocols) >= len(validProtocols) {
		return validationError("invalid denied_protocols")
	}
	for _, p := range f.DeniedProtocols {
		if !slices.Contains(validProtocols, p) {
			return validationError(fmt.Sprintf("invalid denied protocol %q", p))
		}
	}
	return nil
}

// missingMount reports whether a mounted folder does not exist; s.mu is
// held.
func (s *Server) missingMount(mounts []sftpgoapi.VirtualFolder) bool {
	for _, m := range mounts {
		if _, ok := s.folders[m.Name]; !ok {
			return true
		}
	}
	return false
}

// validateGroup checks g as SFTPGo's Group.validate does; old is the stored
// group on update. s.mu is held.
func validateGroup(g *sftpgoapi.Group, old *sftpgoapi.Group) *userError {
	if g.Name == "" {
		return validationError("name is mandatory")
	}
	mounts, err := validateMounts(g.VirtualFolders)
	if err != nil {
		return err
	}
	g.VirtualFolders = mounts
	us := &g.UserSettings
	if us.HomeDir != "" {
		us.HomeDir = path.Clean(us.HomeDir)
		if !path.IsAbs(us.HomeDir) {
			return validationError(fmt.Sprintf("home_dir must be an absolute path, actual value: %v", us.HomeDir))
		}
	}
	var oldFS *sftpgoapi.Filesystem
	if old != nil {
		oldFS = &old.UserSettings.Filesystem
	}
	if err := storeFilesystem(&us.Filesystem, oldFS, "group_"+g.Name); err != nil {
		return err
	}
	if len(us.Permissions) > 0 {
		perms, err := validatePermissions(us.Permissions)
		if err != nil {
			return err
		}
		us.Permissions = perms
	}
	return validateFilters(&us.Filters)
}

// validateFolder checks f as SFTPGo's ValidateFolder does; old is the stored
// folder on update.
func validateFolder(f *sftpgoapi.Folder, old *sftpgoapi.Folder) *userError {
	if f.Name == "" {
		return validationError("folder name is mandatory")
	}
	p := f.Filesystem.Provider
	if p == sftpgoapi.ProviderLocal || p == sftpgoapi.ProviderLocalEncrypted || f.MappedPath != "" {
		cleaned := path.Clean(f.MappedPath)
		if !path.IsAbs(cleaned) {
			return validationError(fmt.Sprintf("invalid folder mapped path %q", f.MappedPath))
		}
		f.MappedPath = cleaned
	}
	var oldFS *sftpgoapi.Filesystem
	if old != nil {
		oldFS = &old.Filesystem
	}
	return storeFilesystem(&f.Filesystem, oldFS, "folder_"+f.Name)
}

// validateAdmin checks a as SFTPGo's Admin.validate does.
func validateAdmin(a *sftpgoapi.Admin, password string) *userError {
	if a.Username == "" {
		return validationError("username is mandatory")
	}
	if strings.TrimSpace(password) == "" {
		return validationError("please set a password")
	}
	perms := dedupe(a.Permissions)
	if len(perms) == 0 {
		return validationError("please grant some permissions to this admin")
	}
	if slices.Contains(perms, "*") {
		perms = []string{"*"}
	}
	for _, p := range perms {
		if !slices.Contains(validAdminPerms, p) {
			return validationError(fmt.Sprintf("invalid permission: %q", p))
		}
		if a.Role != "" && p == "*" {
			return validationError("a role admin cannot be a super admin")
		}
	}
	a.Permissions = perms
	for _, cidr := range a.Filters.AllowList {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			return validationError(fmt.Sprintf("could not parse allow list entry %q : %v", cidr, err))
		}
	}
	return nil
}

// dedupe returns list without repeated values, in first-seen order, as
// SFTPGo's util.RemoveDuplicates.
func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
