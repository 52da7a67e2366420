package v1alpha1

// Reasons of the Ready condition of the account kinds (SFTPGoUser,
// SFTPGoGroup, SFTPGoFolder, SFTPGoAdmin). They share ConditionReady, and
// ReasonSecretMissing and ReasonSecretIncomplete, with the SFTPGo kind.
const (
	// ReasonSynced: the account on the server matches the spec (Ready True).
	ReasonSynced = "Synced"
	// ReasonServerNotFound: spec.server.name names no SFTPGo in this
	// namespace, or spec.server.connectionSecret no Secret.
	ReasonServerNotFound = "ServerNotFound"
	// ReasonServerNotReady: the SFTPGo spec.server.name names is not Ready
	// yet (being deployed, scaled to zero, blocked by a finding).
	ReasonServerNotReady = "ServerNotReady"
	// ReasonUnreachable: the server's REST API did not answer (connection
	// refused, timeout, TLS error, 5xx); retried with backoff.
	ReasonUnreachable = "Unreachable"
	// ReasonUnauthorized: the server refused the operator's credentials
	// (401/403): the admin or API key of the connection Secret is wrong,
	// disabled, lacks a permission, or the admin has two-factor
	// authentication on.
	ReasonUnauthorized = "Unauthorized"
	// ReasonConflict: an account of that name exists on the server and is
	// not this resource's (another resource owns it, or no resource created
	// it). Nothing is changed; annotate the resource with
	// sftpgo.operator.dev/adopt: "true" to take over an account no other
	// resource owns.
	ReasonConflict = "Conflict"
	// ReasonWaitingForGroup: a group in spec.groups does not exist on the
	// server yet; the message names it.
	ReasonWaitingForGroup = "WaitingForGroup"
	// ReasonWaitingForFolder: a folder in spec.virtualFolders does not exist
	// on the server yet; the message names it.
	ReasonWaitingForFolder = "WaitingForFolder"
	// ReasonSecretInvalid: a Secret key holds a value that cannot be used,
	// such as an admin password hashed with bcrypt $2y$ or $2b$, which
	// SFTPGo would take as plain text; the message names the Secret and
	// key, never the value.
	ReasonSecretInvalid = "SecretInvalid"
	// ReasonRejected: SFTPGo refused the account (HTTP 400), for example a
	// role or an SFTP key it does not accept: the message is SFTPGo's.
	ReasonRejected = "Rejected"
	// ReasonRoleForced: the admin of the connection Secret has an SFTPGo
	// role, which SFTPGo gives every user that admin creates or updates,
	// and spec.role names another one. Nothing is written to the server;
	// the message says what to change.
	ReasonRoleForced = "RoleForced"
)
