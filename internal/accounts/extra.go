package accounts

import (
	"encoding/json"
	"fmt"

	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoapi"
)

// The REST types model part of each SFTPGo object; the rest travels in
// their Extra members. The members the operator manages but the types do
// not model (data transfer limits, most filters, part sizes, an admin's
// groups, ...) are set in Extra by Build, every one of them even when its
// value is the zero one: Keep fills desired's Extra only with the members
// it lacks, so a member Build leaves out would keep the server's value.

// setMembers sets in extra every JSON member of v, a struct whose fields
// carry no omitempty.
func setMembers(extra *sftpgoapi.Extra, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("accounts: encoding %T: %v", v, err)) // only plain structs are encoded
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		panic(fmt.Sprintf("accounts: %T is not a JSON object: %v", v, err))
	}
	if *extra == nil {
		*extra = sftpgoapi.Extra{}
	}
	for name, value := range members {
		(*extra)[name] = value
	}
}

// getMembers decodes the members of extra that v, a pointer to a struct,
// names; a member that is missing keeps its zero value.
func getMembers(extra sftpgoapi.Extra, v any) error {
	if len(extra) == 0 {
		return nil
	}
	data, err := json.Marshal(map[string]json.RawMessage(extra))
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// mergeExtra returns desired with the members of live it lacks (copies of
// them, so that desired never shares memory with live).
func mergeExtra(live, desired sftpgoapi.Extra) sftpgoapi.Extra {
	if len(live) == 0 {
		return desired
	}
	if desired == nil {
		desired = sftpgoapi.Extra{}
	}
	for name, value := range live {
		if _, ok := desired[name]; !ok && value != nil {
			desired[name] = append(json.RawMessage(nil), value...)
		}
	}
	return desired
}

// mergeObjectMember merges the JSON object live holds in member name into
// the one desired holds (desired's members win); when desired has no such
// member, live's is copied.
func mergeObjectMember(live, desired sftpgoapi.Extra, name string) {
	l, ok := live[name]
	if !ok {
		return
	}
	d, ok := desired[name]
	if !ok {
		desired[name] = append(json.RawMessage(nil), l...)
		return
	}
	var lo, do map[string]json.RawMessage
	if json.Unmarshal(l, &lo) != nil || json.Unmarshal(d, &do) != nil || do == nil {
		return
	}
	for k, v := range lo {
		if _, ok := do[k]; !ok {
			do[k] = v
		}
	}
	if data, err := json.Marshal(do); err == nil {
		desired[name] = data
	}
}
