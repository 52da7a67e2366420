package sftpgoconfig

import "encoding/json"

// OperatorAdminFile is where the pods read the operator's own admin at
// start (SFTPGO_LOADDATA_FROM): a key of the keys volume, so that no new
// mount path is added to what spec.podTemplate may not use.
const OperatorAdminFile = KeysDir + "/" + OperatorAdminFileName

// OperatorAdminFileName is the file's name in the keys volume.
const OperatorAdminFileName = "operator-admin.json"

// LoadDataModeAddAndUpdate is SFTPGo's --loaddata-mode 0: add what is
// missing and update what exists, so that every pod start puts the
// operator's admin back as the file says (deleted or changed in the web
// UI). Mode 1, SFTPGo's default, would only add it.
const LoadDataModeAddAndUpdate = "0"

// dumpVersion is SFTPGo's current dump format (dataprovider.DumpVersion in
// v2.7.5); older versions make SFTPGo rewrite event action placeholders.
const dumpVersion = 17

// adminPermissionAll grants every admin permission: the operator manages
// users, groups, folders and admins.
const adminPermissionAll = "*"

// AdminLoadData returns a dump for `sftpgo serve --loaddata-from` holding
// one enabled admin with every permission and the given password hash.
// SFTPGo stores a "$2a$" bcrypt or "$argon2id$" hash as it is, so the dump
// holds no password.
func AdminLoadData(username, passwordHash, description string) ([]byte, error) {
	type admin struct {
		Username    string   `json:"username"`
		Password    string   `json:"password"`
		Status      int      `json:"status"`
		Permissions []string `json:"permissions"`
		Description string   `json:"description"`
	}
	return json.Marshal(struct {
		Admins  []admin `json:"admins"`
		Version int     `json:"version"`
	}{
		Admins: []admin{{Username: username, Password: passwordHash, Status: 1,
			Permissions: []string{adminPermissionAll}, Description: description}},
		Version: dumpVersion,
	})
}
