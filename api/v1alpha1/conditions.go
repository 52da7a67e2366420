package v1alpha1

// Condition types of an SFTPGo's status.
const (
	// ConditionReady is True when the SFTPGo serves at the desired
	// replicas with the current settings; its reason says why not.
	ConditionReady = "Ready"
	// ConditionSecurityCoherent is False when an Error finding blocks the
	// rollout; its reason is the rule ID.
	ConditionSecurityCoherent = "SecurityCoherent"
	// ConditionReconciling (kstatus, abnormal-true) is True while the
	// operator is still bringing the cluster to the spec: objects being
	// written, pods rolling, an error it retries.
	ConditionReconciling = "Reconciling"
	// ConditionStalled (kstatus, abnormal-true) is True when the operator
	// cannot progress until someone changes something: the spec, an object
	// it names, an object in the way. GitOps tools report it as failed.
	ConditionStalled = "Stalled"
	// ConditionPaused is present while AnnotationPaused is "true".
	ConditionPaused = "Paused"
	// ConditionTLSSecretFound is present while the Ingress (or, with
	// Passthrough, SFTPGo) uses the TLS certificate Secret the spec names;
	// False when that Secret does not exist. A warning only: the rest is
	// deployed.
	ConditionTLSSecretFound = "TLSSecretFound"
	// ConditionAdminCredentials is present while the spec names the admin
	// credentials Secret; it says that SFTPGo reads it at its first start only.
	ConditionAdminCredentials = "AdminCredentials"
	// ConditionMonitoring is present while spec.monitoring is not off:
	// True when the PodMonitor (and the PrometheusRule and dashboard, when
	// enabled) are made, False when spec.monitoring.enabled is true on a
	// cluster that does not serve monitoring.coreos.com/v1. A warning
	// only: SFTPGo is deployed either way.
	ConditionMonitoring = "Monitoring"
)

// Condition reasons. Error findings use their rule ID (SEC001...) as reason.
const (
	// ReasonAvailable: every desired replica is up to date and available.
	ReasonAvailable = "Available"
	// ReasonProgressing: the Deployment is rolling out.
	ReasonProgressing = "Progressing"
	// ReasonScaledToZero: spec.replicas is 0.
	ReasonScaledToZero = "ScaledToZero"
	// ReasonNotDeployed: the Deployment does not exist yet.
	ReasonNotDeployed = "NotDeployed"
	// ReasonReconciled: nothing left to do (Reconciling and Stalled False).
	ReasonReconciled = "Reconciled"
	// ReasonCoherent: no Error finding.
	ReasonCoherent = "Coherent"
	// ReasonBlockedBySecurityError: an Error finding keeps the operator
	// from deploying; condition SecurityCoherent names the rule.
	ReasonBlockedBySecurityError = "BlockedBySecurityError"
	// ReasonNameConflict: an object the operator would make exists and is
	// not this SFTPGo's.
	ReasonNameConflict = "NameConflict"
	// ReasonApplyFailed: a write failed; retried with backoff.
	ReasonApplyFailed = "ApplyFailed"
	// ReasonInvalidSpec: the spec holds a value Kubernetes refuses in an
	// object the operator makes: one the CRD's rules cannot check (a
	// pass-through spec.podTemplate field, the characters of a label value)
	// that the API server refused or the operator's own check found. The
	// message names the field; nothing is retried until the spec (or an
	// object the operator owns) changes.
	ReasonInvalidSpec = "InvalidSpec"
	// ReasonRouteAPIUnavailable: expose type Route on a cluster without
	// route.openshift.io/v1.
	ReasonRouteAPIUnavailable = "RouteAPIUnavailable"
	// ReasonGatewayAPIUnavailable: expose type HTTPRoute on a cluster
	// without gateway.networking.k8s.io/v1 HTTPRoutes.
	ReasonGatewayAPIUnavailable = "GatewayAPIUnavailable"
	// ReasonMonitoringAPIUnavailable: spec.monitoring.enabled is true on a
	// cluster without monitoring.coreos.com/v1 PodMonitors and
	// PrometheusRules.
	ReasonMonitoringAPIUnavailable = "MonitoringAPIUnavailable"
	// ReasonMonitored: the monitoring objects are made.
	ReasonMonitored = "Monitored"
	// ReasonSecretMissing, ReasonSecretIncomplete: a Secret the spec names
	// does not exist, or lacks a key; the pods could not start.
	ReasonSecretMissing    = "SecretMissing"
	ReasonSecretIncomplete = "SecretIncomplete"
	// ReasonConfigMapMissing, ReasonConfigMapIncomplete: the same for a
	// ConfigMap spec.podTemplate takes variables from.
	ReasonConfigMapMissing    = "ConfigMapMissing"
	ReasonConfigMapIncomplete = "ConfigMapIncomplete"
	// ReasonSecretFound: the TLS Secret exists.
	ReasonSecretFound = "SecretFound"
	// ReasonFirstStartOnly: SFTPGo reads the admin credentials Secret at
	// its first start only.
	ReasonFirstStartOnly = "FirstStartOnly"
	// ReasonMigrating: the schema migration Job of an upgrade runs; the
	// pods keep the running image until it succeeds (docs/upgrades.md).
	ReasonMigrating = "Migrating"
	// ReasonMigrationFailed: the schema migration Job of an upgrade
	// failed; the pods keep the running image. Deleting the Job retries.
	ReasonMigrationFailed = "MigrationFailed"
	// ReasonPausedByAnnotation: AnnotationPaused is "true".
	ReasonPausedByAnnotation = "PausedByAnnotation"
)
