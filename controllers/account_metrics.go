package controllers

import (
	"reflect"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/metrics"
)

// restRequests counts the operator's calls to SFTPGo's REST API, by
// method, route pattern (/api/v2/users/{username}) and HTTP status ("0"
// when no answer came): what account resources cost the servers, and how
// often a server could not be reached.
var restRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "sftpgo_operator_rest_requests_total",
	Help: "Requests the operator sent to SFTPGo REST APIs, by method, route and HTTP status (0: no answer).",
}, []string{"method", "route", "code"})

func init() { metrics.Registry.MustRegister(restRequests) }

func observeREST(method, route string, status int) {
	restRequests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
}

// seriesRef names the series of the account resource with this key. The
// Go type of a resource is named after its kind (SFTPGoUser).
func (r *AccountReconciler[R, O]) seriesRef(key types.NamespacedName) resourceRef {
	return resourceRef{kind: reflect.TypeFor[R]().Elem().Name(), namespace: key.Namespace, name: key.Name}
}
