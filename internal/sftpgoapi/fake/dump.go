package fake

import (
	"net/http"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// dumpVersion is dataprovider.DumpVersion at v2.7.5.
const dumpVersion = 17

// dump is SFTPGo's BackupData (internal/dataprovider/dataprovider.go), with
// the kinds the fake does not keep always empty.
type dump struct {
	Users        []*sftpgoapi.User   `json:"users"`
	Groups       []*sftpgoapi.Group  `json:"groups"`
	Folders      []*sftpgoapi.Folder `json:"folders"`
	Admins       []*sftpgoapi.Admin  `json:"admins"`
	APIKeys      []any               `json:"api_keys"`
	Shares       []any               `json:"shares"`
	EventActions []any               `json:"event_actions"`
	EventRules   []any               `json:"event_rules"`
	Roles        []any               `json:"roles"`
	IPLists      []any               `json:"ip_lists"`
	Configs      map[string]any      `json:"configs"`
	Version      int                 `json:"version"`
}

// dumpData answers GET /api/v2/dumpdata as SFTPGo's dumpData: with
// output-data=1 the dump itself, as an attachment, with the password
// hashes (the fake keeps what it was sent); otherwise SFTPGo writes it to
// a file of its backups_path, which the fake has not: it refuses the
// request as SFTPGo does an invalid output-file.
func (s *Server) dumpData(w http.ResponseWriter, r *http.Request, _ *session) {
	if strings.TrimSpace(r.URL.Query().Get("output-data")) != "1" {
		sendValidation(w, "invalid output_file \"\"")
		return
	}
	s.mu.Lock()
	out := dump{Version: dumpVersion, APIKeys: []any{}, Shares: []any{}, EventActions: []any{}, EventRules: []any{},
		Roles: []any{}, IPLists: []any{}, Configs: map[string]any{}}
	for _, name := range sortedKeys(s.users) {
		u := s.renderUser(s.users[name])
		u.Password = s.users[name].password
		out.Users = append(out.Users, u)
	}
	for _, name := range sortedKeys(s.groups) {
		out.Groups = append(out.Groups, s.renderGroup(s.groups[name]))
	}
	for _, name := range sortedKeys(s.folders) {
		out.Folders = append(out.Folders, s.renderFolder(s.folders[name], false))
	}
	for _, name := range sortedKeys(s.admins) {
		a := s.renderAdmin(s.admins[name])
		a.Password = s.admins[name].password
		out.Admins = append(out.Admins, a)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Disposition", "attachment; filename=\"sftpgo-backup.json\"")
	sendJSON(w, http.StatusOK, out)
}
