package accounts

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// What users and groups share (AccountSettings): permissions, quotas,
// limits, filters and mounts, as SFTPGo's REST objects hold them.

// dataTransfer are the data transfer limits, in MiB, of a user or of a
// group's user_settings; the REST types do not model them.
type dataTransfer struct {
	Upload   int64 `json:"upload_data_transfer"`
	Download int64 `json:"download_data_transfer"`
	Total    int64 `json:"total_data_transfer"`
}

// builtSettings are the REST values of the AccountSettings a user has and
// a group gives its members (user_settings), built once for both.
type builtSettings struct {
	quotaSize        int64
	quotaFiles       int
	upload, download int64
	dataTransfer     dataTransfer
	filters          sftpgoapi.UserFilters
	filesystem       sftpgoapi.Filesystem
	virtualFolders   []sftpgoapi.VirtualFolder
}

func buildSettings(s *v1alpha1.AccountSettings, values Values) (builtSettings, error) {
	var b builtSettings
	var err error
	if b.quotaSize, b.quotaFiles, err = buildQuota(s.Quota); err != nil {
		return b, err
	}
	if b.upload, b.download, err = buildBandwidth(s.Bandwidth); err != nil {
		return b, err
	}
	if b.dataTransfer, err = buildDataTransfer(s.DataTransfer); err != nil {
		return b, err
	}
	if b.filters, err = buildFilters(s.Filters); err != nil {
		return b, err
	}
	if b.filesystem, err = buildStorage(s.Storage, values); err != nil {
		return b, err
	}
	b.virtualFolders, err = buildMounts(s.VirtualFolders)
	return b, err
}

func buildDataTransfer(d *v1alpha1.DataTransfer) (dataTransfer, error) {
	var out dataTransfer
	if d == nil {
		return out, nil
	}
	var err error
	if out.Total, err = unitsOf(d.Total, mib, "spec.dataTransfer.total"); err != nil {
		return out, err
	}
	if out.Total > 0 {
		// SFTPGo resets the separate limits when a total is set
		// (validateBaseParams, Group.validateUserSettings).
		return out, nil
	}
	if out.Upload, err = unitsOf(d.Upload, mib, "spec.dataTransfer.upload"); err != nil {
		return out, err
	}
	out.Download, err = unitsOf(d.Download, mib, "spec.dataTransfer.download")
	return out, err
}

// viewDataTransfer reads the limits from extra, as SFTPGo stores them.
func viewDataTransfer(extra sftpgoapi.Extra) (dataTransfer, bool) {
	var d dataTransfer
	if getMembers(extra, &d) != nil {
		return dataTransfer{}, false
	}
	if d.Total > 0 {
		d.Upload, d.Download = 0, 0
	}
	return d, true
}

// buildPermissions maps spec.permissions; root grants "/": ["*"] when the
// spec sets none (users need "/").
func buildPermissions(perms map[string]v1alpha1.PermissionList, root bool) sftpgoapi.Permissions {
	out := sftpgoapi.Permissions{}
	for dir, list := range perms {
		out[cleanPath(dir)] = permissionList(list)
	}
	if root && len(out) == 0 {
		out["/"] = []string{string(v1alpha1.PermissionAll)}
	}
	return out
}

// viewPermissions is perms as SFTPGo stores them, each list as a sorted
// set joined with ",", so that an empty list (deny all) and a missing
// directory stay different.
func viewPermissions(perms sftpgoapi.Permissions) map[string]string {
	if len(perms) == 0 {
		return nil
	}
	out := make(map[string]string, len(perms))
	for dir, list := range perms {
		out[cleanPath(dir)] = strings.Join(set(permissionList(list)), ",")
	}
	return out
}

// buildQuota returns the quota's size in bytes and its files.
func buildQuota(q *v1alpha1.Quota) (int64, int, error) {
	if q == nil {
		return 0, 0, nil
	}
	size, err := bytesOf(q.Size, "spec.quota.size")
	return size, int(q.Files), err
}

// buildBandwidth returns the upload and download limits in KiB/s.
func buildBandwidth(b *v1alpha1.Bandwidth) (int64, int64, error) {
	if b == nil {
		return 0, 0, nil
	}
	up, err := unitsOf(b.Upload, kib, "spec.bandwidth.upload")
	if err != nil {
		return 0, 0, err
	}
	down, err := unitsOf(b.Download, kib, "spec.bandwidth.download")
	return up, down, err
}

// buildMounts maps spec.virtualFolders: without a quota a folder counts
// against the account's (-1, -1).
func buildMounts(mounts []v1alpha1.VirtualFolderMount) ([]sftpgoapi.VirtualFolder, error) {
	out := make([]sftpgoapi.VirtualFolder, 0, len(mounts))
	for _, m := range mounts {
		vf := sftpgoapi.VirtualFolder{Name: string(m.Name), VirtualPath: cleanPath(m.VirtualPath), QuotaSize: -1, QuotaFiles: -1}
		if m.Quota != nil {
			size, err := bytesOf(m.Quota.Size, "spec.virtualFolders["+string(m.Name)+"].quota.size")
			if err != nil {
				return nil, err
			}
			vf.QuotaSize, vf.QuotaFiles = size, int(m.Quota.Files)
		}
		out = append(out, vf)
	}
	return out, nil
}

// mountView is one mount as SFTPGo keeps it (validateAssociatedVirtualFolders:
// name, cleaned virtual path, quotas; the folder's own members a GET adds
// are ignored).
type mountView struct {
	Name        string
	VirtualPath string
	QuotaSize   int64
	QuotaFiles  int
}

// viewMounts returns the mounts sorted by name: their order has no meaning.
func viewMounts(mounts []sftpgoapi.VirtualFolder) []mountView {
	if len(mounts) == 0 {
		return nil
	}
	out := make([]mountView, 0, len(mounts))
	for _, m := range mounts {
		out = append(out, mountView{Name: m.Name, VirtualPath: cleanPath(m.VirtualPath), QuotaSize: m.QuotaSize,
			QuotaFiles: m.QuotaFiles})
	}
	slices.SortFunc(out, func(a, b mountView) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// keepMounts copies into desired's mounts the unmodelled members of live's
// mount of the same folder.
func keepMounts(live, desired []sftpgoapi.VirtualFolder) {
	for i := range desired {
		for j := range live {
			if live[j].Name == desired[i].Name {
				desired[i].Extra = mergeExtra(live[j].Extra, desired[i].Extra)
			}
		}
	}
}

// Filters.

// filterMembers are the filters the REST type does not model.
type filterMembers struct {
	TwoFactorProtocols      []string         `json:"two_factor_protocols"`
	FilePatterns            []patternsFilter `json:"file_patterns"`
	BandwidthLimits         []bandwidthLimit `json:"bandwidth_limits"`
	AccessTime              []timePeriod     `json:"access_time"`
	WebClient               []string         `json:"web_client"`
	TLSUsername             string           `json:"tls_username"`
	PasswordStrength        int              `json:"password_strength"`
	DefaultSharesExpiration int              `json:"default_shares_expiration"`
	MaxSharesExpiration     int              `json:"max_shares_expiration"`
	DisableFsChecks         bool             `json:"disable_fs_checks"`
}

// patternsFilter is sdk.PatternsFilter.
type patternsFilter struct {
	Path            string   `json:"path"`
	AllowedPatterns []string `json:"allowed_patterns,omitempty"`
	DeniedPatterns  []string `json:"denied_patterns,omitempty"`
	DenyPolicy      int      `json:"deny_policy,omitempty"`
}

// bandwidthLimit is sdk.BandwidthLimit, in KiB/s.
type bandwidthLimit struct {
	Sources           []string `json:"sources"`
	UploadBandwidth   int64    `json:"upload_bandwidth,omitempty"`
	DownloadBandwidth int64    `json:"download_bandwidth,omitempty"`
}

// timePeriod is sdk.TimePeriod.
type timePeriod struct {
	DayOfWeek int    `json:"day_of_week"`
	From      string `json:"from"`
	To        string `json:"to"`
}

// SFTPGo's deny policies (sdk.DenyPolicyDefault, sdk.DenyPolicyHide).
const (
	denyPolicyDefault = 0
	denyPolicyHide    = 1
)

// tlsUsernameNone is what SFTPGo takes an empty tls_username for.
const tlsUsernameNone = "None"

var weekdays = map[v1alpha1.Weekday]int{
	"Sunday": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6,
}

// buildFilters maps spec.filters.
func buildFilters(f *v1alpha1.AccountFilters) (sftpgoapi.UserFilters, error) {
	var out sftpgoapi.UserFilters
	var m filterMembers
	if f != nil {
		size, err := bytesOf(f.MaxUploadFileSize, "spec.filters.maxUploadFileSize")
		if err != nil {
			return out, err
		}
		out = sftpgoapi.UserFilters{
			AllowedIP:          dedupe(f.AllowedIPs),
			DeniedIP:           dedupe(f.DeniedIPs),
			DeniedProtocols:    dedupe(f.DeniedProtocols),
			DeniedLoginMethods: dedupe(f.DeniedLoginMethods),
			MaxUploadFileSize:  size,
			AllowAPIKeyAuth:    f.AllowAPIKeyAuth,
			StartDirectory:     startDirectory(f.StartDirectory),
			PasswordExpiration: int(f.PasswordExpirationDays),
		}
		m = filterMembers{
			TwoFactorProtocols:      dedupe(f.TwoFactorProtocols),
			WebClient:               dedupe(f.WebClientRestrictions),
			TLSUsername:             string(f.TLSUsername),
			PasswordStrength:        int(f.PasswordStrength),
			DefaultSharesExpiration: int(f.DefaultSharesExpirationDays),
			MaxSharesExpiration:     int(f.MaxSharesExpirationDays),
			DisableFsChecks:         f.DisableFsChecks,
		}
		for _, p := range f.FilePatterns {
			m.FilePatterns = append(m.FilePatterns, buildPattern(p))
		}
		for i, l := range f.BandwidthLimits {
			limit, err := buildBandwidthLimit(i, l)
			if err != nil {
				return out, err
			}
			m.BandwidthLimits = append(m.BandwidthLimits, limit)
		}
		for _, p := range f.AccessTime {
			m.AccessTime = append(m.AccessTime, timePeriod{DayOfWeek: weekdays[p.DayOfWeek], From: p.From, To: p.To})
		}
	}
	setMembers(&out.Extra, m)
	return out, nil
}

// buildPattern maps a file pattern as SFTPGo stores it
// (validateFiltersPatternExtensions): patterns in lowercase, without
// repeats.
func buildPattern(p v1alpha1.FilePattern) patternsFilter {
	lower := func(list []string) []string {
		if len(list) == 0 {
			return nil
		}
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, strings.ToLower(s))
		}
		return dedupe(out)
	}
	policy := denyPolicyDefault
	if p.DenyPolicy == v1alpha1.DenyPolicyHide {
		policy = denyPolicyHide
	}
	return patternsFilter{Path: cleanPath(p.Path), AllowedPatterns: lower(p.AllowedPatterns),
		DeniedPatterns: lower(p.DeniedPatterns), DenyPolicy: policy}
}

func buildBandwidthLimit(i int, l v1alpha1.SourceBandwidthLimit) (bandwidthLimit, error) {
	field := "spec.filters.bandwidthLimits[" + strconv.Itoa(i) + "]"
	up, err := unitsOf(l.Upload, kib, field+".upload")
	if err != nil {
		return bandwidthLimit{}, err
	}
	down, err := unitsOf(l.Download, kib, field+".download")
	return bandwidthLimit{Sources: dedupe(l.Sources), UploadBandwidth: up, DownloadBandwidth: down}, err
}

// filtersView is what Differs compares of a user's or group's filters:
// the members the spec sets, as SFTPGo stores them.
type filtersView struct {
	AllowedIP               []string
	DeniedIP                []string
	DeniedProtocols         []string
	DeniedLoginMethods      []string
	TwoFactorProtocols      []string
	MaxUploadFileSize       int64
	FilePatterns            []patternsFilter
	BandwidthLimits         []bandwidthLimit
	AccessTime              []timePeriod
	StartDirectory          string
	WebClient               []string
	AllowAPIKeyAuth         bool
	TLSUsername             string
	PasswordExpiration      int
	PasswordStrength        int
	DefaultSharesExpiration int
	MaxSharesExpiration     int
	DisableFsChecks         bool
	// Unreadable: an unmodelled member could not be decoded.
	Unreadable bool
}

func viewFilters(f *sftpgoapi.UserFilters) filtersView {
	var m filterMembers
	err := getMembers(f.Extra, &m)
	v := filtersView{
		AllowedIP:               set(f.AllowedIP),
		DeniedIP:                set(f.DeniedIP),
		DeniedProtocols:         set(f.DeniedProtocols),
		DeniedLoginMethods:      set(f.DeniedLoginMethods),
		TwoFactorProtocols:      set(m.TwoFactorProtocols),
		MaxUploadFileSize:       f.MaxUploadFileSize,
		StartDirectory:          startDirectory(f.StartDirectory),
		WebClient:               set(m.WebClient),
		AllowAPIKeyAuth:         f.AllowAPIKeyAuth,
		TLSUsername:             cmp.Or(m.TLSUsername, tlsUsernameNone),
		PasswordExpiration:      f.PasswordExpiration,
		PasswordStrength:        m.PasswordStrength,
		DefaultSharesExpiration: m.DefaultSharesExpiration,
		MaxSharesExpiration:     m.MaxSharesExpiration,
		DisableFsChecks:         m.DisableFsChecks,
		Unreadable:              err != nil,
	}
	// File patterns: one entry per path, so their order has no meaning.
	for _, p := range m.FilePatterns {
		v.FilePatterns = append(v.FilePatterns, patternsFilter{Path: cleanPath(p.Path),
			AllowedPatterns: set(p.AllowedPatterns), DeniedPatterns: set(p.DeniedPatterns), DenyPolicy: p.DenyPolicy})
	}
	slices.SortFunc(v.FilePatterns, func(a, b patternsFilter) int { return cmp.Compare(a.Path, b.Path) })
	// Bandwidth limits: the first that matches applies, so their order
	// counts; not the order of the sources of one.
	for _, l := range m.BandwidthLimits {
		v.BandwidthLimits = append(v.BandwidthLimits, bandwidthLimit{Sources: set(l.Sources),
			UploadBandwidth: nonNegative(l.UploadBandwidth), DownloadBandwidth: nonNegative(l.DownloadBandwidth)})
	}
	// Access periods: any that matches allows, so their order has no
	// meaning.
	v.AccessTime = append(v.AccessTime, m.AccessTime...)
	slices.SortFunc(v.AccessTime, func(a, b timePeriod) int {
		return cmp.Or(cmp.Compare(a.DayOfWeek, b.DayOfWeek), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	return v
}

// keepFilters copies into desired the filters the spec does not set.
func keepFilters(live, desired *sftpgoapi.UserFilters) {
	desired.RequirePasswordChange = live.RequirePasswordChange
	desired.Extra = mergeExtra(live.Extra, desired.Extra)
}
