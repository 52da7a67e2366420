// Package desired holds the registry of the kinds an SFTPGo instance owns
// and assembles the objects from it, in the order they are applied. It is
// pure: the controller applies what it builds (after setting owner
// references) and the render command prints it, so the two cannot drift
// apart.
package desired

import (
	"maps"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/sftpgo-operator/sftpgo-operator/internal/resolve"
	"github.com/sftpgo-operator/sftpgo-operator/internal/sftpgoconfig"
)

// Plan builds the objects of one instance, entry by entry of a registry.
// The controller adds the live data of the created-once objects the pods
// read (AddPodData) as it goes, so that the Deployment, built last, carries
// the hash of everything the pods read at start.
type Plan struct {
	In     *resolve.Instance
	Kinds  Registry
	inputs Inputs
}

// NewPlan renders the config and returns the plan for the kinds of reg the
// cluster serves. podData is what the pods read from objects the spec names
// (database credentials, spec.podTemplate references); nil offline. It
// fails only when spec.config is not a JSON object, which the rules report
// as SEC006 first.
func NewPlan(in *resolve.Instance, reg Registry, podData map[string][]byte) (*Plan, error) {
	config, err := sftpgoconfig.Render(in)
	if err != nil {
		return nil, err
	}
	p := &Plan{In: in, Kinds: reg.Served(in.Facts), inputs: Inputs{Config: config}}
	p.AddPodData(podData)
	return p, nil
}

// Build returns the object of entry k the instance wants, or nil.
func (p *Plan) Build(k Kind) client.Object { return k.Build(p.In, &p.inputs) }

// AddPodData adds data the pods read at start to what the Deployment's pod
// template hash covers.
func (p *Plan) AddPodData(data map[string][]byte) {
	if len(data) == 0 {
		return
	}
	if p.inputs.PodData == nil {
		p.inputs.PodData = map[string][]byte{}
	}
	maps.Copy(p.inputs.PodData, data)
}

// Built is a desired object with the registry entry it comes from.
type Built struct {
	client.Object
	Kind Kind
}

// Objects returns every object the instance wants, in apply order, built
// with the data given so far; created-once objects without their generated
// data. No object has owner references (see Kind.Owned).
func (p *Plan) Objects() []Built {
	var out []Built
	for _, k := range p.Kinds {
		if obj := p.Build(k); obj != nil {
			out = append(out, Built{Object: obj, Kind: k})
		}
	}
	return out
}
