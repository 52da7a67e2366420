package manager

import (
	"strings"
	"testing"
)

func TestSoftMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		name           string
		gomemlimit     string
		containerLimit string
		ratio          float64
		want           int64
		wantSet        bool
		wantErr        string
	}{
		{name: "shipped: 128Mi limit, default ratio", containerLimit: "134217728", ratio: defaultMemoryLimitRatio,
			want: 40265318, wantSet: true}, // 38.4 MiB
		{name: "larger fleet: 512Mi limit", containerLimit: "536870912", ratio: defaultMemoryLimitRatio,
			want: 161061273, wantSet: true},
		{name: "whole limit", containerLimit: "134217728", ratio: 1, want: 128 * mib, wantSet: true},
		{name: "spaces around the value", containerLimit: " 134217728\n", ratio: 0.5, want: 64 * mib, wantSet: true},
		{name: "GOMEMLIMIT set explicitly wins", gomemlimit: "60MiB", containerLimit: "134217728", ratio: 0.3},
		{name: "GOMEMLIMIT=off wins too", gomemlimit: "off", containerLimit: "134217728", ratio: 0.3},
		{name: "no container limit given (make run)", ratio: 0.3},
		{name: "quantity instead of bytes", containerLimit: "128Mi", ratio: 0.3, wantErr: "MEMORY_LIMIT_BYTES=\"128Mi\""},
		{name: "zero", containerLimit: "0", ratio: 0.3, wantErr: "not a memory limit in bytes"},
		{name: "negative", containerLimit: "-1", ratio: 0.3, wantErr: "not a memory limit in bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, set, err := softMemoryLimit(tc.gomemlimit, tc.containerLimit, tc.ratio)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || set != tc.wantSet {
				t.Errorf("softMemoryLimit = %d, %v; want %d, %v", got, set, tc.want, tc.wantSet)
			}
		})
	}
}

func TestMemoryLimitRatioFlag(t *testing.T) {
	cases := []struct {
		args    []string
		want    float64
		wantErr bool
	}{
		{args: nil, want: defaultMemoryLimitRatio},
		{args: []string{"--memory-limit-ratio=0.5"}, want: 0.5},
		{args: []string{"--memory-limit-ratio=1"}, want: 1},
		{args: []string{"--memory-limit-ratio=0"}, wantErr: true},
		{args: []string{"--memory-limit-ratio=1.5"}, wantErr: true},
		{args: []string{"--memory-limit-ratio=-0.2"}, wantErr: true},
		{args: []string{"--memory-limit-ratio=NaN"}, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			f, err := parseFlags(tc.args)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("parseFlags(%v) accepted ratio %v", tc.args, f.MemoryLimitRatio)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.MemoryLimitRatio != tc.want {
				t.Errorf("ratio = %v, want %v", f.MemoryLimitRatio, tc.want)
			}
		})
	}
}
