package backup_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sftpgo-operator/sftpgo-operator/internal/backup"
	"github.com/sftpgo-operator/sftpgo-operator/internal/backup/s3fake"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

func TestDue(t *testing.T) {
	daily, err := backup.ParseSchedule("30 2 * * *")
	if err != nil {
		t.Fatal(err)
	}
	hourly, err := backup.ParseSchedule("@hourly")
	if err != nil {
		t.Fatal(err)
	}
	created := at("2026-01-01T10:00:00Z")
	for _, tc := range []struct {
		name      string
		last      *time.Time
		now       time.Time
		due       bool
		scheduled time.Time
		next      time.Time
	}{
		{name: "first, not yet", now: at("2026-01-02T01:00:00Z"), next: at("2026-01-02T02:30:00Z")},
		{name: "first, due", now: at("2026-01-02T02:30:00Z"), due: true, scheduled: at("2026-01-02T02:30:00Z"), next: at("2026-01-03T02:30:00Z")},
		{name: "ran, next tomorrow", last: ptr(at("2026-01-02T02:30:00Z")), now: at("2026-01-02T02:31:00Z"), next: at("2026-01-03T02:30:00Z")},
		{name: "missed three: one run for the latest", last: ptr(at("2026-01-02T02:30:00Z")), now: at("2026-01-05T12:00:00Z"),
			due: true, scheduled: at("2026-01-05T02:30:00Z"), next: at("2026-01-06T02:30:00Z")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			due, scheduled, next := backup.Due(daily, tc.last, created, tc.now)
			if due != tc.due || !scheduled.Equal(tc.scheduled) || !next.Equal(tc.next) {
				t.Errorf("Due = %v %v %v, want %v %v %v", due, scheduled, next, tc.due, tc.scheduled, tc.next)
			}
		})
	}
	// Hourly, on the hour, the SFTPGo created at 10:00 exactly: the first
	// run is at 11:00.
	if due, _, next := backup.Due(hourly, nil, created, created.Add(30*time.Minute)); due || !next.Equal(at("2026-01-01T11:00:00Z")) {
		t.Errorf("hourly: due %v next %v", due, next)
	}
	// A schedule that never fires.
	never, err := backup.ParseSchedule("0 0 30 2 *")
	if err != nil {
		t.Fatal(err)
	}
	if due, _, next := backup.Due(never, nil, created, created.AddDate(1, 0, 0)); due || !next.IsZero() {
		t.Errorf("never: due %v next %v", due, next)
	}
	// A year of every minute missed is bounded.
	every, err := backup.ParseSchedule("* * * * *")
	if err != nil {
		t.Fatal(err)
	}
	now := created.AddDate(1, 0, 0)
	if due, scheduled, next := backup.Due(every, nil, created, now); !due || scheduled.After(now) || !next.After(now) {
		t.Errorf("every minute: due %v scheduled %v next %v", due, scheduled, next)
	}
	for _, bad := range []string{"", "* * * *", "0 0 * * * *", "@sometimes", "61 * * * *"} {
		if _, err := backup.ParseSchedule(bad); err == nil || !strings.Contains(err.Error(), "spec.backup.schedule") {
			t.Errorf("ParseSchedule(%q) = %v, want an error naming the field", bad, err)
		}
	}
}

func TestExpired(t *testing.T) {
	now := at("2026-03-10T00:00:00Z")
	var objects []backup.Object
	for d := 1; d <= 10; d++ {
		ts := now.AddDate(0, 0, -d)
		objects = append(objects, backup.Object{Key: backup.ObjectKey("p/", "ns", "files", ts), Time: ts})
	}
	slices.Reverse(objects) // any order
	days := func(list []backup.Object) []int {
		var out []int
		for _, o := range list {
			out = append(out, int(now.Sub(o.Time).Hours()/24))
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name   string
		keep   int
		maxAge time.Duration
		want   []int
	}{
		{name: "keep 7", keep: 7, want: []int{8, 9, 10}},
		{name: "keep 20", keep: 20},
		{name: "keep 0 is 1", keep: 0, want: []int{2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{name: "max age 4 days", keep: 20, maxAge: 4 * 24 * time.Hour, want: []int{5, 6, 7, 8, 9, 10}},
		{name: "both", keep: 3, maxAge: 5*24*time.Hour + time.Hour, want: []int{4, 5, 6, 7, 8, 9, 10}},
		{name: "max age keeps the newest", keep: 7, maxAge: time.Hour, want: []int{2, 3, 4, 5, 6, 7, 8, 9, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := days(backup.Expired(objects, tc.keep, tc.maxAge, now)); !slices.Equal(got, tc.want) {
				t.Errorf("Expired: %v days old, want %v", got, tc.want)
			}
		})
	}
}

func TestParseKey(t *testing.T) {
	ts := at("2026-03-10T01:02:03Z")
	key := backup.ObjectKey("backups/", "team-a", "files", ts)
	if key != "backups/team-a/files/20260310T010203Z.json" {
		t.Fatalf("ObjectKey = %q", key)
	}
	if o, ok := backup.ParseKey(key); !ok || !o.Time.Equal(ts) {
		t.Errorf("ParseKey(%q) = %v, %v", key, o, ok)
	}
	for _, other := range []string{"backups/team-a/files/notes.txt", "backups/team-a/files/latest.json", "x.json"} {
		if _, ok := backup.ParseKey(other); ok {
			t.Errorf("ParseKey(%q) took an object the operator did not write", other)
		}
	}
}

func TestWithoutAdmin(t *testing.T) {
	in := `{"users":[{"username":"alice","password":"$2a$x"}],"admins":[{"username":"admin","password":"$2a$a"},` +
		`{"username":"sftpgo-operator","password":"$2a$o"}],"configs":{"sftpd":{}},"version":17}`
	out, err := backup.WithoutAdmin([]byte(in), "sftpgo-operator")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Users   []map[string]any `json:"users"`
		Admins  []map[string]any `json:"admins"`
		Configs map[string]any   `json:"configs"`
		Version int              `json:"version"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Admins) != 1 || doc.Admins[0]["username"] != "admin" || len(doc.Users) != 1 || doc.Version != 17 || doc.Configs["sftpd"] == nil {
		t.Errorf("WithoutAdmin = %s", out)
	}
	if strings.Contains(string(out), "$2a$o") {
		t.Errorf("the operator's hash is still in the dump: %s", out)
	}
	same, err := backup.WithoutAdmin([]byte(`{"admins":null,"version":17}`), "sftpgo-operator")
	if err != nil || string(same) != `{"admins":null,"version":17}` {
		t.Errorf("no admins: %s, %v", same, err)
	}
	for _, bad := range []string{`[]`, `{"users":[]}`, `{"admins":{},"version":17}`, `not json`} {
		if _, err := backup.WithoutAdmin([]byte(bad), "x"); err == nil {
			t.Errorf("WithoutAdmin(%s) took it", bad)
		}
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	s3 := s3fake.New("backups")
	defer s3.Close()
	cfg := backup.S3Config{Endpoint: s3.URL, Bucket: "backups", Region: "us-east-1", ForcePathStyle: true,
		AccessKeyID: s3fake.AccessKeyID, SecretAccessKey: s3fake.SecretAccessKey}
	store, err := backup.NewS3(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Check(ctx); err != nil {
		t.Fatal(err)
	}
	now := at("2026-03-10T00:00:00Z")
	for d := range 3 {
		if err := store.Put(ctx, backup.ObjectKey("p/", "ns", "files", now.AddDate(0, 0, -d)), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	// Another instance whose name extends this one's, and a file of the
	// administrator's: neither is listed.
	for _, key := range []string{backup.ObjectKey("p/", "ns", "files-2", now), "p/ns/files/README.txt",
		"p/ns/files/old/20200101T000000Z.json"} {
		if err := store.Put(ctx, key, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := store.List(ctx, backup.InstancePrefix("p/", "ns", "files"))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("List = %v, want the 3 backups", list)
	}
	for _, o := range backup.Expired(list, 1, 0, now) {
		if err := store.Remove(ctx, o.Key); err != nil {
			t.Fatal(err)
		}
	}
	if list, _ = store.List(ctx, backup.InstancePrefix("p/", "ns", "files")); len(list) != 1 || !list[0].Time.Equal(now) {
		t.Errorf("after retention: %v", list)
	}
	if got, err := store.Get(ctx, "p/ns/files/README.txt"); err != nil || string(got) != `{}` {
		t.Errorf("the administrator's file: %q, %v", got, err)
	}

	wrong := cfg
	wrong.AccessKeyID = "AKIAWRONG"
	bad, err := backup.NewS3(wrong)
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Check(ctx); err == nil || !strings.Contains(err.Error(), "HTTP 403") ||
		strings.Contains(err.Error(), s3fake.SecretAccessKey) {
		t.Errorf("wrong key: %v", err)
	}
	missing := cfg
	missing.Bucket = "nope"
	nb, err := backup.NewS3(missing)
	if err != nil {
		t.Fatal(err)
	}
	if err := nb.Check(ctx); err == nil || !strings.Contains(err.Error(), `bucket "nope" does not exist`) {
		t.Errorf("missing bucket: %v", err)
	}
	for _, endpoint := range []string{"s3.example.com", "ftp://x", "https://x/path", "https://"} {
		c := cfg
		c.Endpoint = endpoint
		if _, err := backup.NewS3(c); err == nil {
			t.Errorf("NewS3 took endpoint %q", endpoint)
		}
	}
	c := cfg
	c.CA = []byte("not pem")
	if _, err := backup.NewS3(c); err == nil {
		t.Error("NewS3 took a CA without certificate")
	}
}
