package manager

import (
	"context"
	"crypto/sha256"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-logr/logr"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	authenticationclient "k8s.io/client-go/kubernetes/typed/authentication/v1"
	authorizationclient "k8s.io/client-go/kubernetes/typed/authorization/v1"
	"k8s.io/client-go/rest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// How long an answer about a caller is reused, as the API server's own
// webhook authenticator and authorizer do.
const (
	metricsAllowTTL = time.Minute
	metricsDenyTTL  = 10 * time.Second
)

// metricsAuth lets only authenticated callers allowed to GET the metrics
// path through: the bearer token is checked with a TokenReview, then a
// SubjectAccessReview asks whether its user may use the verb on the path (a
// non-resource URL: the metrics-reader ClusterRole grants it). It does what
// controller-runtime's filters.WithAuthenticationAndAuthorization does
// without importing k8s.io/apiserver, which made a third of the binary and
// about 15 MiB of the operator's RSS (docs/performance.md).
func metricsAuth(cfg *rest.Config, httpClient *http.Client) (metricsserver.Filter, error) {
	authn, err := authenticationclient.NewForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, err
	}
	authz, err := authorizationclient.NewForConfigAndClient(cfg, httpClient)
	if err != nil {
		return nil, err
	}
	c := &callerCheck{tokens: authn.TokenReviews(), access: authz.SubjectAccessReviews(), answers: map[[32]byte]answer{}}
	return func(log logr.Logger, next http.Handler) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			status, msg := c.check(req.Context(), log, req)
			if status != http.StatusOK {
				http.Error(w, msg, status)
				return
			}
			next.ServeHTTP(w, req)
		}), nil
	}, nil
}

type answer struct {
	status  int
	msg     string
	expires time.Time
}

// callerCheck asks the API server about callers and remembers the answers
// for a while, so that a scrape every few seconds costs no review.
type callerCheck struct {
	tokens  authenticationclient.TokenReviewInterface
	access  authorizationclient.SubjectAccessReviewInterface
	mu      sync.Mutex
	answers map[[32]byte]answer
}

func (c *callerCheck) check(ctx context.Context, log logr.Logger, req *http.Request) (int, string) {
	token, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return http.StatusUnauthorized, "Unauthorized"
	}
	verb := strings.ToLower(req.Method)
	key := sha256.Sum256([]byte(verb + " " + req.URL.Path + " " + token))
	now := time.Now()
	c.mu.Lock()
	a, found := c.answers[key]
	c.mu.Unlock()
	if found && now.Before(a.expires) {
		return a.status, a.msg
	}
	a, err := c.review(ctx, token, verb, req.URL.Path)
	if err != nil {
		log.Error(err, "checking a metrics caller")
		return http.StatusInternalServerError, "Authentication or authorization failed"
	}
	c.mu.Lock()
	for k, old := range c.answers { // few callers: drop the stale answers as we go
		if now.After(old.expires) {
			delete(c.answers, k)
		}
	}
	c.answers[key] = a
	c.mu.Unlock()
	return a.status, a.msg
}

// review asks the API server who the token is and whether it may use verb
// on path.
func (c *callerCheck) review(ctx context.Context, token, verb, path string) (answer, error) {
	tr, err := c.tokens.Create(ctx, &authenticationv1.TokenReview{Spec: authenticationv1.TokenReviewSpec{Token: token}},
		metav1.CreateOptions{})
	if err != nil {
		return answer{}, err
	}
	if !tr.Status.Authenticated {
		return answer{status: http.StatusUnauthorized, msg: "Unauthorized", expires: time.Now().Add(metricsDenyTTL)}, nil
	}
	user := tr.Status.User
	extra := make(map[string]authorizationv1.ExtraValue, len(user.Extra))
	for k, v := range user.Extra {
		extra[k] = authorizationv1.ExtraValue(v)
	}
	sar, err := c.access.Create(ctx, &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
		User: user.Username, UID: user.UID, Groups: user.Groups, Extra: extra,
		NonResourceAttributes: &authorizationv1.NonResourceAttributes{Path: path, Verb: verb},
	}}, metav1.CreateOptions{})
	if err != nil {
		return answer{}, err
	}
	if !sar.Status.Allowed {
		return answer{status: http.StatusForbidden, msg: "Authorization denied for user " + user.Username,
			expires: time.Now().Add(metricsDenyTTL)}, nil
	}
	return answer{status: http.StatusOK, expires: time.Now().Add(metricsAllowTTL)}, nil
}
