package keys

import (
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Keys of the operator admin Secret.
const (
	OperatorAdminUsernameKey = "username"
	OperatorAdminPasswordKey = "password"
)

// operatorAdminCost is the bcrypt cost of the operator admin's password
// hash. The password is 24 random bytes (192 bits), which no cost factor
// makes easier or harder to guess; a low cost keeps instance creation and
// SFTPGo's check at each token request cheap.
const operatorAdminCost = bcrypt.MinCost

// OperatorAdmin returns the data of an SFTPGo's operator admin Secret: the
// username and a random password the operator authenticates with, and the
// dump SFTPGo loads at every start to create or restore that admin.
func OperatorAdmin(username, description string) (map[string][]byte, error) {
	password, err := Random(24)
	if err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), operatorAdminCost)
	if err != nil {
		return nil, fmt.Errorf("hashing the operator admin password: %w", err)
	}
	dump, err := sftpgoconfig.AdminLoadData(username, string(hash), description)
	if err != nil {
		return nil, fmt.Errorf("encoding the operator admin dump: %w", err)
	}
	return map[string][]byte{
		OperatorAdminUsernameKey:           []byte(username),
		OperatorAdminPasswordKey:           []byte(password),
		sftpgoconfig.OperatorAdminFileName: dump,
	}, nil
}
