// Package argocd holds the Argo CD health check for SFTPGo resources
// (docs/gitops.md) and its test.
package argocd

import (
	"os"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// obj is what Argo CD passes to a health script: the resource as Lua tables.
func toLua(ls *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case map[string]any:
		t := ls.NewTable()
		for k, x := range v {
			t.RawSetString(k, toLua(ls, x))
		}
		return t
	case []any:
		t := ls.NewTable()
		for _, x := range v {
			t.Append(toLua(ls, x))
		}
		return t
	case string:
		return lua.LString(v)
	case int:
		return lua.LNumber(v)
	case bool:
		return lua.LBool(v)
	}
	return lua.LNil
}

func health(t *testing.T, script string, obj map[string]any) (status, message string) {
	t.Helper()
	ls := lua.NewState()
	defer ls.Close()
	ls.SetGlobal("obj", toLua(ls, obj))
	// Argo CD runs the script as a function body and reads the table it returns.
	if err := ls.DoString("return (function() " + script + " end)()"); err != nil {
		t.Fatal(err)
	}
	ret, ok := ls.Get(-1).(*lua.LTable)
	if !ok {
		t.Fatalf("the script returned %v, not a table", ls.Get(-1))
	}
	return ret.RawGetString("status").String(), ret.RawGetString("message").String()
}

func sftpgo(generation, observed int, annotations map[string]any, conds ...map[string]any) map[string]any {
	list := make([]any, 0, len(conds))
	for _, c := range conds {
		list = append(list, c)
	}
	meta := map[string]any{"name": "files", "generation": generation}
	if annotations != nil {
		meta["annotations"] = annotations
	}
	return map[string]any{"metadata": meta, "status": map[string]any{"observedGeneration": observed, "conditions": list}}
}

func cond(kind, status, reason string) map[string]any {
	return map[string]any{"type": kind, "status": status, "reason": reason, "message": reason + " message"}
}

func TestHealth(t *testing.T) {
	raw, err := os.ReadFile("health.lua")
	if err != nil {
		t.Fatal(err)
	}
	script := string(raw)
	paused := map[string]any{"sftpgo.operator.dev/paused": "true"}
	tests := []struct {
		name, want, message string
		obj                 map[string]any
	}{
		{"serving", "Healthy", "Available",
			sftpgo(2, 2, nil, cond("Ready", "True", "Available"), cond("Reconciling", "False", "Reconciled"), cond("Stalled", "False", "Reconciled"))},
		{"rolling", "Progressing", "Progressing",
			sftpgo(2, 2, nil, cond("Ready", "False", "Progressing"), cond("Reconciling", "True", "Progressing"), cond("Stalled", "False", "Reconciled"))},
		{"Error finding", "Degraded", "BlockedBySecurityError",
			sftpgo(2, 2, nil, cond("Ready", "False", "BlockedBySecurityError"), cond("Reconciling", "False", "Reconciled"), cond("Stalled", "True", "BlockedBySecurityError"))},
		{"Error finding while paused: still Degraded", "Degraded", "SecretMissing",
			sftpgo(2, 2, paused, cond("Ready", "False", "SecretMissing"), cond("Stalled", "True", "SecretMissing"))},
		{"paused", "Suspended", "Paused",
			sftpgo(2, 2, paused, cond("Ready", "True", "Available"), cond("Reconciling", "False", "Reconciled"), cond("Stalled", "False", "Reconciled"))},
		{"scaled to zero", "Healthy", "ScaledToZero",
			sftpgo(2, 2, nil, cond("Ready", "False", "ScaledToZero"), cond("Reconciling", "False", "Reconciled"), cond("Stalled", "False", "Reconciled"))},
		{"new generation not seen yet", "Progressing", "Waiting",
			sftpgo(3, 2, nil, cond("Ready", "True", "Available"), cond("Stalled", "False", "Reconciled"))},
		{"no status yet", "Progressing", "Waiting", map[string]any{"metadata": map[string]any{"generation": 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, message := health(t, script, tt.obj)
			if status != tt.want || !strings.Contains(message, tt.message) {
				t.Errorf("health = %s %q, want %s with %q", status, message, tt.want, tt.message)
			}
		})
	}
}

// docs/gitops.md shows the script as it is.
func TestDocsShowTheScript(t *testing.T) {
	raw, err := os.ReadFile("health.lua")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("../../docs/gitops.md")
	if err != nil {
		t.Fatal(err)
	}
	var indented strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		indented.WriteString("    " + line + "\n")
	}
	if !strings.Contains(string(doc), indented.String()) {
		t.Error("docs/gitops.md does not show hack/argocd/health.lua as it is")
	}
}
