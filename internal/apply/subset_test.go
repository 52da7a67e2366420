package apply

import "testing"

func TestIsSubset(t *testing.T) {
	obj := func() map[string]any {
		return map[string]any{
			"spec": map[string]any{
				"type":      "LoadBalancer",
				"clusterIP": "10.0.0.1",
				"ports": []any{
					map[string]any{"name": "sftp", "port": int64(22), "nodePort": int64(30022)},
				},
			},
		}
	}
	tests := []struct {
		name string
		want any
		got  any
		ok   bool
	}{
		{"identical", obj(), obj(), true},
		{"server defaults ignored", map[string]any{"spec": map[string]any{"type": "LoadBalancer"}}, obj(), true},
		{"list element subset", map[string]any{"spec": map[string]any{"ports": []any{
			map[string]any{"port": int64(22)}}}}, obj(), true},
		{"changed scalar", map[string]any{"spec": map[string]any{"type": "ClusterIP"}}, obj(), false},
		{"changed in list", map[string]any{"spec": map[string]any{"ports": []any{
			map[string]any{"port": int64(2222)}}}}, obj(), false},
		{"wanted entry missing from list", map[string]any{"spec": map[string]any{"ports": []any{
			map[string]any{"port": int64(22)}, map[string]any{"port": int64(80)}}}}, obj(), false},
		{"entries others added ignored", map[string]any{"refs": []any{"a"}}, map[string]any{"refs": []any{"b", "a"}}, true},
		{"missing field", map[string]any{"spec": map[string]any{"externalTrafficPolicy": "Local"}}, obj(), false},
		{"type mismatch", map[string]any{"spec": "x"}, obj(), false},
		{"empty map matches absent", map[string]any{"metadata": map[string]any{}}, obj(), true},
		{"empty list matches absent", map[string]any{"items": []any{}}, obj(), true},
		{"nil wants nothing", nil, obj(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isSubset(tt.want, tt.got); got != tt.ok {
				t.Errorf("isSubset = %v, want %v", got, tt.ok)
			}
		})
	}
}
