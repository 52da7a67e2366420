package v1alpha1

// The account kinds share what the operator's one account reconciler reads
// of them: the server, the policy and the status.

// Server returns the server the user lives on.
func (u *SFTPGoUser) Server() ServerReference { return u.Spec.Server }

// Policy returns what deleting the resource does to the user.
func (u *SFTPGoUser) Policy() DeletionPolicy { return u.Spec.DeletionPolicy }

// AccountStatus returns the status, to be changed in place.
func (u *SFTPGoUser) AccountStatus() *AccountStatus { return &u.Status }

// Server returns the server the group lives on.
func (g *SFTPGoGroup) Server() ServerReference { return g.Spec.Server }

// Policy returns what deleting the resource does to the group.
func (g *SFTPGoGroup) Policy() DeletionPolicy { return g.Spec.DeletionPolicy }

// AccountStatus returns the status, to be changed in place.
func (g *SFTPGoGroup) AccountStatus() *AccountStatus { return &g.Status }

// Server returns the server the folder lives on.
func (f *SFTPGoFolder) Server() ServerReference { return f.Spec.Server }

// Policy returns what deleting the resource does to the folder.
func (f *SFTPGoFolder) Policy() DeletionPolicy { return f.Spec.DeletionPolicy }

// AccountStatus returns the status, to be changed in place.
func (f *SFTPGoFolder) AccountStatus() *AccountStatus { return &f.Status }

// Server returns the server the admin lives on.
func (a *SFTPGoAdmin) Server() ServerReference { return a.Spec.Server }

// Policy returns what deleting the resource does to the admin.
func (a *SFTPGoAdmin) Policy() DeletionPolicy { return a.Spec.DeletionPolicy }

// AccountStatus returns the status, to be changed in place.
func (a *SFTPGoAdmin) AccountStatus() *AccountStatus { return &a.Status }
