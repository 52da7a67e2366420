// Package accounts maps the account resources (SFTPGoUser, SFTPGoGroup,
// SFTPGoFolder, SFTPGoAdmin) to the objects of SFTPGo's REST API, as pure
// functions, and says per kind how the one account reconciler reads,
// writes and compares them.
package accounts

import (
	"context"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/api/v1alpha1"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// Resource is an account resource.
type Resource interface {
	client.Object
	// AccountName is the account's name on the server (spec.username or
	// spec.name, else metadata.name).
	AccountName() string
	Server() v1alpha1.ServerReference
	Policy() v1alpha1.DeletionPolicy
	AccountStatus() *v1alpha1.AccountStatus
}

// SecretRef is one Secret key a resource reads.
type SecretRef struct {
	// Field is the spec field that names it (spec.passwordSecret), for
	// messages and as the key of its value in Values.
	Field string
	// Name of the Secret, in the resource's namespace.
	Name string
	// Key in the Secret, with the field's default applied.
	Key string
}

// Values are the values of a resource's SecretRefs, by Field.
type Values map[string]string

// Dependency is an account another one names and that must exist first: a
// group a user belongs to, a folder a user or group mounts.
type Dependency struct {
	Kind DependencyKind
	Name string
}

// DependencyKind is the kind of a Dependency.
type DependencyKind string

// Dependency kinds.
const (
	DependsOnGroup  DependencyKind = "group"
	DependsOnFolder DependencyKind = "folder"
)

// Kind says how the account reconciler handles one kind of account: R is
// the resource, O the REST object.
type Kind[R Resource, O any] struct {
	// Name is the kind as SFTPGo says it ("user"), for messages.
	Name string
	// New returns an empty resource; NewList an empty list of them.
	New     func() R
	NewList func() client.ObjectList
	// Secrets lists the Secret keys the resource reads.
	Secrets func(R) []SecretRef
	// Needs lists the groups and folders the resource names; DependsOn the
	// kinds it may name (what the reconciler watches).
	Needs     func(R) []Dependency
	DependsOn []DependencyKind
	// Build returns the object the resource wants, from its spec and the
	// values of its Secrets (all of them present). The description ends
	// with marker. An error means the spec or a Secret's value cannot make
	// a valid object (a bcrypt $2y$ hash for an admin): the message says
	// what to change.
	Build func(r R, values Values, marker string) (*O, error)

	Object ObjectAccess[O]
	API    API[O]
}

// ObjectAccess reads and compares REST objects of one kind.
type ObjectAccess[O any] struct {
	// ID is SFTPGo's numeric id; Name the object's name; Description its
	// description (which holds the ownership marker).
	ID          func(*O) int64
	Name        func(*O) string
	Description func(*O) string
	// Role returns the object's role, for the kinds SFTPGo gives the role
	// of the calling admin (users); nil for the others.
	Role func(*O) *string
	// Keep copies into desired what the server keeps that the resource
	// does not set (members the operator does not model, computed ones),
	// so that an update changes only what the resource sets.
	Keep func(live, desired *O)
	// KeepSecrets makes desired leave the stored secret values alone: no
	// password (SFTPGo keeps the stored one when an update has none), and
	// the storage credentials as live holds them (encrypted: SFTPGo keeps a
	// stored secret when an update sends it back neither plain nor empty,
	// and clears it when empty).
	KeepSecrets func(live, desired *O)
	// Differs reports whether live, as the server returns it, differs from
	// desired in what the resource sets. Secret values are not compared:
	// the server never returns them.
	Differs func(live, desired *O) bool
	// Disconnect reports whether an update from live to desired must end
	// the account's open sessions to take effect (disabled, other keys or
	// password); secretsSent tells whether the update carries the
	// resource's secret values again because a Secret changed.
	Disconnect func(live, desired *O, secretsSent bool) bool
}

// API are the REST calls of one kind.
type API[O any] struct {
	Get    func(ctx context.Context, c *sftpgoapi.Client, name string) (*O, error)
	Create func(ctx context.Context, c *sftpgoapi.Client, o *O) (*O, error)
	Update func(ctx context.Context, c *sftpgoapi.Client, o *O, disconnect bool) error
	Delete func(ctx context.Context, c *sftpgoapi.Client, name string) error
	List   func(ctx context.Context, c *sftpgoapi.Client) ([]O, error)
}
