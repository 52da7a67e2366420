package platform

import (
	"reflect"
	"testing"
)

func TestCoveringPrefixes(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"none", nil, nil},
		{"one node widened to /16", []string{"10.244.1.0/24"}, []string{"10.244.0.0/16"}},
		{"nodes inside one /16", []string{"10.244.0.0/24", "10.244.7.0/24"}, []string{"10.244.0.0/16"}},
		{"cluster range wider than /16", []string{"10.8.0.0/24", "10.11.255.0/24"}, []string{"10.8.0.0/14"}},
		{"dual stack", []string{"10.244.0.0/24", "fd00:10:244:1::/64"}, []string{"10.244.0.0/16", "fd00:10:244::/48"}},
		{"malformed skipped", []string{"nonsense", "10.1.2.0/24"}, []string{"10.1.0.0/16"}},
		{"never a catch-all", []string{"1.0.0.0/24", "200.0.0.0/24"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CoveringPrefixes(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CoveringPrefixes(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
