package main

import (
	"fmt"
	"slices"
	"strings"

	rbacv1 "k8s.io/api/rbac/v1"
)

// clusterScoped says, for every resource the operator's roles name, whether
// it is cluster-scoped. OLM turns the CSV's `permissions` into Roles in the
// namespaces the operator watches (lifted to a ClusterRole for an
// AllNamespaces install) and its `clusterPermissions` into a ClusterRole: a
// namespaced rule in clusterPermissions would reach every namespace even
// when the operator watches one, and a cluster-scoped rule in permissions
// would grant nothing in a namespaced install. Keys are group/resource; ""
// is the core group.
var clusterScoped = map[string]bool{
	"/configmaps":                        false,
	"/nodes":                             true,
	"/persistentvolumeclaims":            false,
	"/secrets":                           false,
	"/services":                          false,
	"apps/deployments":                   false,
	"authentication.k8s.io/tokenreviews": true,
	"batch/jobs":                         false,
	"authorization.k8s.io/subjectaccessreviews": true,
	"cilium.io/ciliumnodes":                     true,
	"config.openshift.io/networks":              true,
	"crd.projectcalico.org/ippools":             true,
	"events.k8s.io/events":                      false,
	"gateway.networking.k8s.io/httproutes":      false,
	"monitoring.coreos.com/podmonitors":         false,
	"monitoring.coreos.com/prometheusrules":     false,
	"networking.k8s.io/ingresses":               false,
	"networking.k8s.io/networkpolicies":         false,
	"policy/poddisruptionbudgets":               false,
	"projectcalico.org/ippools":                 true,
	"route.openshift.io/routes":                 false,
	"sftpgo.operator.dev/sftpgoadmins":          false,
	"sftpgo.operator.dev/sftpgofolders":         false,
	"sftpgo.operator.dev/sftpgogroups":          false,
	"sftpgo.operator.dev/sftpgos":               false,
	"sftpgo.operator.dev/sftpgousers":           false,
}

// scopeOf looks up one resource of a rule; a subresource (sftpgos/status)
// has its resource's scope.
func scopeOf(group, resource string) (cluster, known bool) {
	resource, _, _ = strings.Cut(resource, "/")
	cluster, known = clusterScoped[group+"/"+resource]
	return cluster, known
}

// splitByScope sorts the rules of a ClusterRole bound cluster-wide into the
// namespaced ones and the cluster-scoped ones, splitting a rule that names
// both. Non-resource URL rules are cluster-scoped. A resource missing from
// clusterScoped (or a wildcard) is an error, so that a new kind cannot land
// in the wrong list unnoticed.
func splitByScope(role string, rules []rbacv1.PolicyRule) (namespaced, cluster []rbacv1.PolicyRule, err error) {
	for _, rule := range rules {
		if len(rule.NonResourceURLs) > 0 {
			cluster = append(cluster, rule)
			continue
		}
		var clusterPairs, namespacedPairs int
		for _, g := range rule.APIGroups {
			for _, r := range rule.Resources {
				if g == rbacv1.APIGroupAll || r == rbacv1.ResourceAll {
					return nil, nil, fmt.Errorf("ClusterRole %s grants %s on %q of API group %q: a wildcard spans both scopes, name the resources instead",
						role, strings.Join(rule.Verbs, ","), r, g)
				}
				c, known := scopeOf(g, r)
				if !known {
					return nil, nil, fmt.Errorf("ClusterRole %s grants %s on %q of API group %q, whose scope hack/bundle does not know: "+
						"add %q to clusterScoped in hack/bundle/scope.go (true for a cluster-scoped resource, false for a namespaced one)",
						role, strings.Join(rule.Verbs, ","), r, g, g+"/"+strings.SplitN(r, "/", 2)[0])
				}
				if c {
					clusterPairs++
				} else {
					namespacedPairs++
				}
			}
		}
		switch {
		case clusterPairs == 0:
			namespaced = append(namespaced, rule)
		case namespacedPairs == 0:
			cluster = append(cluster, rule)
		default:
			// One rule per group, each with the resources of one scope.
			for _, g := range rule.APIGroups {
				var ns, cl []string
				for _, r := range rule.Resources {
					if c, _ := scopeOf(g, r); c {
						cl = append(cl, r)
					} else {
						ns = append(ns, r)
					}
				}
				if len(ns) > 0 {
					namespaced = append(namespaced, withResources(rule, g, ns))
				}
				if len(cl) > 0 {
					cluster = append(cluster, withResources(rule, g, cl))
				}
			}
		}
	}
	return namespaced, cluster, nil
}

func withResources(rule rbacv1.PolicyRule, group string, resources []string) rbacv1.PolicyRule {
	out := *rule.DeepCopy()
	out.APIGroups = []string{group}
	out.Resources = slices.Clone(resources)
	return out
}
