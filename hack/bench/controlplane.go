package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/flowcontrol"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/sftpgo-operator/sftpgo-operator/internal/manager"
	"github.com/sftpgo-operator/sftpgo-operator/internal/testenv"
)

// operatorUser is the user the operator authenticates as; the audit policy
// logs the writes of this user only.
const operatorUser = "sftpgo-operator"

// auditPolicy logs the metadata of the operator's writes and nothing else,
// so that auditing costs the API server next to nothing.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
  users: ["` + operatorUser + `"]
  verbs: ["create", "update", "patch", "delete", "deletecollection"]
- level: None
`

// controlPlane is one envtest etcd and kube-apiserver.
type controlPlane struct {
	env *envtest.Environment
	// cfg is the bench's admin connection, without client-side throttling.
	cfg    *rest.Config
	client client.Client
	// operatorKubeconfig authenticates as operatorUser (system:masters).
	operatorKubeconfig string
	audit              *auditLog
}

// startControlPlane starts a fresh control plane; with audit, the API server
// writes an audit log of the operator's writes into dir.
func startControlPlane(dir string, audit bool) (*controlPlane, error) {
	env, err := testenv.New()
	if err != nil {
		return nil, err
	}
	env.ControlPlaneStartTimeout = 3 * time.Minute
	env.ControlPlaneStopTimeout = time.Minute
	// Every instance's LoadBalancer Service takes a node port: the default
	// range (2768 ports) is too small for several floor runs of 500.
	env.ControlPlane.GetAPIServer().Configure().Set("service-node-port-range", "10000-60000")
	cp := &controlPlane{env: env}
	if audit {
		policy := filepath.Join(dir, "audit-policy.yaml")
		if err := os.WriteFile(policy, []byte(auditPolicy), 0o644); err != nil {
			return nil, err
		}
		logPath := filepath.Join(dir, "audit.log")
		env.ControlPlane.GetAPIServer().Configure().
			Set("audit-policy-file", policy).
			Set("audit-log-path", logPath).
			Set("audit-log-format", "json")
		cp.audit = &auditLog{path: logPath}
	}
	cfg, err := env.Start()
	if err != nil {
		return nil, fmt.Errorf("starting the control plane: %w", err)
	}
	cp.cfg = rest.CopyConfig(cfg)
	cp.cfg.RateLimiter = flowcontrol.NewFakeAlwaysRateLimiter()
	cp.cfg.UserAgent = "sftpgo-operator-bench"
	if cp.client, err = client.New(cp.cfg, client.Options{Scheme: manager.NewScheme()}); err != nil {
		cp.stop()
		return nil, err
	}
	user, err := env.AddUser(envtest.User{Name: operatorUser, Groups: []string{"system:masters"}}, nil)
	if err != nil {
		cp.stop()
		return nil, err
	}
	kubeconfig, err := user.KubeConfig()
	if err != nil {
		cp.stop()
		return nil, err
	}
	cp.operatorKubeconfig = filepath.Join(dir, "operator.kubeconfig")
	if err := os.WriteFile(cp.operatorKubeconfig, kubeconfig, 0o600); err != nil {
		cp.stop()
		return nil, err
	}
	return cp, nil
}

func (cp *controlPlane) stop() {
	if err := cp.env.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: stopping the control plane:", err)
	}
}

// auditLog reads the API server's audit log a phase at a time.
type auditLog struct {
	path   string
	offset int64
}

// auditEvent is the part of an audit.k8s.io/v1 Event the bench reads.
type auditEvent struct {
	Verb      string                    `json:"verb"`
	Stage     string                    `json:"stage"`
	User      struct{ Username string } `json:"user"`
	ObjectRef *struct {
		Resource    string `json:"resource"`
		Subresource string `json:"subresource"`
	} `json:"objectRef"`
	ResponseStatus *struct {
		Code int `json:"code"`
	} `json:"responseStatus"`
}

// auditCounts are the operator's writes by "resource[/subresource] verb code".
type auditCounts map[string]float64

// mark skips what the log holds so far.
func (a *auditLog) mark() {
	if a == nil {
		return
	}
	if fi, err := os.Stat(a.path); err == nil {
		a.offset = fi.Size()
	}
}

// next counts the operator's writes logged since the last mark or next.
func (a *auditLog) next() (auditCounts, error) {
	if a == nil {
		return nil, nil
	}
	f, err := os.Open(a.path)
	if err != nil {
		if os.IsNotExist(err) {
			return auditCounts{}, nil
		}
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(a.offset, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	// Only whole lines: a line being written is counted next time.
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		data = data[:i+1]
	} else {
		data = nil
	}
	a.offset += int64(len(data))
	out := auditCounts{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev auditEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		if ev.Stage != "ResponseComplete" || ev.User.Username != operatorUser {
			continue
		}
		res := "?"
		if ev.ObjectRef != nil {
			res = ev.ObjectRef.Resource
			if ev.ObjectRef.Subresource != "" {
				res += "/" + ev.ObjectRef.Subresource
			}
		}
		code := 0
		if ev.ResponseStatus != nil {
			code = ev.ResponseStatus.Code
		}
		out[fmt.Sprintf("%s %s %d", res, ev.Verb, code)]++
	}
	return out, sc.Err()
}

func (c auditCounts) total() float64 {
	var n float64
	for _, v := range c {
		n += v
	}
	return n
}

func (c auditCounts) keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c[keys[i]] != c[keys[j]] {
			return c[keys[i]] > c[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

func (c auditCounts) String() string {
	var parts []string
	for _, k := range c.keys() {
		parts = append(parts, fmt.Sprintf("%s: %.0f", k, c[k]))
	}
	return strings.Join(parts, ", ")
}
