package sftpgoconfig

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
)

// Token validation bits of httpd.token_validation (SFTPGO.md).
const (
	tokenNoIPMatch         = 1
	tokenCheckAccountState = 2
)

// sslModes maps spec.dataProvider.sslMode to SFTPGo's integer sslmode
// (internal/dataprovider: getSSLMode).
var sslModes = map[v1alpha1.SSLMode]int{
	v1alpha1.SSLModeDisable: 0, v1alpha1.SSLModeRequire: 1, v1alpha1.SSLModeVerifyCA: 2,
	v1alpha1.SSLModeVerifyFull: 3, v1alpha1.SSLModePrefer: 4, v1alpha1.SSLModeAllow: 5,
}

// Render returns the sftpgo.json for an instance: the values of settings,
// with spec.config deep-merged over them except for managed keys (those are
// reported by rule SEC006, never applied). It holds no secret: passwords
// reach SFTPGo through environment variables.
func Render(in *resolve.Instance) ([]byte, error) {
	cfg := map[string]any{}
	for _, s := range settings {
		if s.value == nil {
			continue
		}
		if v, ok := s.value(in); ok {
			setPath(cfg, strings.Split(s.path, "."), v)
		}
	}
	user, err := UserConfig(in.Spec.Config)
	if err != nil {
		return nil, err
	}
	user = normalize(user)
	for _, key := range ManagedKeys(user) {
		deletePath(user, key)
	}
	merge(cfg, user)
	enableBindingSecurity(cfg)
	out, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding sftpgo.json: %w", err)
	}
	return append(out, '\n'), nil
}

// setPath sets the value at path, creating the sections (and, for a number
// segment, the list entries) on the way.
func setPath(m map[string]any, path []string, v any) {
	key := path[0]
	if len(path) == 1 {
		m[key] = v
		return
	}
	if i, err := strconv.Atoi(path[1]); err == nil {
		list, _ := m[key].([]any)
		for len(list) <= i {
			list = append(list, map[string]any{})
		}
		m[key] = list
		setPath(list[i].(map[string]any), path[2:], v)
		return
	}
	sub, ok := m[key].(map[string]any)
	if !ok {
		sub = map[string]any{}
		m[key] = sub
	}
	setPath(sub, path[1:], v)
}

// enableBindingSecurity turns on the web binding's security middleware when
// spec.config sets security headers for it (security.enabled is the
// operator's: it also decides whether X-Forwarded-Proto is honoured), so
// that headers asked for are really sent.
func enableBindingSecurity(cfg map[string]any) {
	binding := cfg["httpd"].(map[string]any)["bindings"].([]any)[0].(map[string]any)
	if sec, ok := binding["security"].(map[string]any); ok && len(sec) > 0 {
		sec["enabled"] = true
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
