package security_test

import (
	"strings"
	"testing"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/fixtures"
	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/security"
)

// SEC015 refuses an image change SFTPGo cannot make on its schema; SEC111
// warns when the operator cannot tell. Both read what runs, which only the
// controller knows: offline (nothing running) neither fires.
func TestImageChangeRules(t *testing.T) {
	const repo = "ghcr.io/drakkan/sftpgo:"
	tests := []struct {
		running, target string
		driver          v1alpha1.DataProviderDriver
		rule            string // "" for none
		severity        v1alpha1.Severity
		says            string
	}{
		{"", repo + "v2.7.5", v1alpha1.DriverPostgreSQL, "", "", ""},
		{repo + "v2.6.6", repo + "v2.7.5", v1alpha1.DriverPostgreSQL, "", "", ""},
		{repo + "v2.7.5", repo + "v2.7.4", v1alpha1.DriverPostgreSQL, "", "", ""},
		{repo + "v2.7.5", repo + "v2.6.6", v1alpha1.DriverPostgreSQL, security.RuleUnsupportedImageChange, v1alpha1.SeverityError,
			"is older than the running"},
		{repo + "v2.7.5", repo + "v2.6.6", v1alpha1.DriverSQLite, security.RuleUnsupportedImageChange, v1alpha1.SeverityError,
			"Set spec.image back to SFTPGo 2.7 or later"},
		{repo + "v2.5.6", repo + "v2.7.5", v1alpha1.DriverMySQL, security.RuleUnsupportedImageChange, v1alpha1.SeverityError,
			"set spec.image to the latest SFTPGo 2.6 first"},
		{repo + "v2.7.5", repo + "latest", v1alpha1.DriverPostgreSQL, security.RuleUncheckedImageChange, v1alpha1.SeverityWarning,
			"the new image's tag names no SFTPGo release"},
		{repo + "v2.7.5", repo + "v3.0.0", v1alpha1.DriverPostgreSQL, security.RuleUncheckedImageChange, v1alpha1.SeverityWarning,
			"the major version changes"},
	}
	for _, tc := range tests {
		t.Run(tc.running+" to "+tc.target, func(t *testing.T) {
			s := fixtures.SFTPGo()
			s.Spec.Image = tc.target
			s.Spec.DataProvider.Driver = tc.driver
			in := resolve.New(s, fixtures.KubeFacts)
			in.ResolveRollout(resolve.LiveRollout{RunningImage: tc.running})
			var hit *v1alpha1.Finding
			for _, f := range security.Evaluate(in) {
				if f.Rule == security.RuleUnsupportedImageChange || f.Rule == security.RuleUncheckedImageChange {
					hit = &f
				}
			}
			switch {
			case tc.rule == "" && hit != nil:
				t.Fatalf("unexpected finding %+v", *hit)
			case tc.rule == "":
				return
			case hit == nil:
				t.Fatalf("%s did not fire", tc.rule)
			}
			if hit.Rule != tc.rule || hit.Severity != tc.severity || hit.Field != "spec.image" {
				t.Errorf("finding = %s %s %s, want %s %s spec.image", hit.Rule, hit.Severity, hit.Field, tc.rule, tc.severity)
			}
			if !strings.HasPrefix(hit.Message, tc.rule+": ") || !strings.Contains(hit.Message, tc.says) {
				t.Errorf("message %q: want the rule ID first and %q", hit.Message, tc.says)
			}
		})
	}
}
