# sftpgo-operator
IMG ?= ghcr.io/sftpgo-operator/sftpgo-operator:latest
TOOLS := go tool -modfile=hack/tools/go.mod
CONTROLLER_GEN := $(TOOLS) controller-gen
KUSTOMIZE := $(TOOLS) kustomize
# An absolute modfile: lint also runs in hack/bundle.
GOLANGCI_LINT := go tool -modfile=$(CURDIR)/hack/tools/go.mod golangci-lint
# The envtest control plane, built from Go module sources when missing (the
# `envtest` and `cluster` targets build it; this only names the directory).
ENVTEST_ASSETS = $(shell bash hack/envtest/build.sh)

.PHONY: all
all: build

##@ Development

.PHONY: manifests
manifests: ## Generate the CRD and RBAC manifests.
	$(CONTROLLER_GEN) rbac:roleName=manager-role crd paths="./..." output:crd:artifacts:config=config/crd/bases

.PHONY: generate
generate: ## Generate deepcopy code.
	$(CONTROLLER_GEN) object:headerFile="hack/boilerplate.go.txt" paths="./..."

.PHONY: fmt
fmt:
	go fmt ./...

.PHONY: vet
vet:
	go vet ./...

.PHONY: lint
lint: ## Run golangci-lint (.golangci.yml) on the operator, hack/bundle and hack/promql.
	$(GOLANGCI_LINT) run ./...
	cd hack/bundle && $(GOLANGCI_LINT) run ./...
	cd hack/promql && $(GOLANGCI_LINT) run ./...

.PHONY: envtest
envtest: ## Build (or reuse) the envtest kube-apiserver and etcd.
	@bash hack/envtest/build.sh

.PHONY: cluster
cluster: ## Build (or reuse) the envtest binaries plus kube-controller-manager, kube-scheduler and kwok of the local cluster (docs/development.md).
	@bash hack/envtest/build.sh --cluster

.PHONY: test
test: vet cluster ## Unit tests, envtest suites against a real kube-apiserver, and the suites on the local cluster.
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go test ./... -count=1
	cd hack/bundle && go test ./... -count=1
	cd hack/promql && go test ./... -count=1

.PHONY: verify-generated
GENERATED := config api bundle bundle.Dockerfile test/crds
verify-generated: manifests generate bundle test-crds ## Fail when committed generated files differ from a fresh generation.
	@git diff --exit-code -- $(GENERATED) || { echo "generated files are out of date: run 'make manifests generate bundle test-crds' and commit" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- $(GENERATED))" || { git status --porcelain -- $(GENERATED); echo "untracked generated files: run 'make manifests generate bundle test-crds' and commit" >&2; exit 1; }

# The OLM bundle (docs/openshift.md): its version, the operator image it names
# (tagged v$(VERSION)) and the SFTPGo image (the CRD default of spec.image).
VERSION ?= 0.1.0
IMAGE_TAG_BASE ?= ghcr.io/sftpgo-operator/sftpgo-operator
SFTPGO_IMAGE ?= ghcr.io/drakkan/sftpgo:v2.7.5

.PHONY: bundle
bundle: manifests ## Generate the OLM bundle (bundle/, bundle.Dockerfile) from config/.
	cd hack/bundle && go run . --root ../.. --version $(VERSION) --image $(IMAGE_TAG_BASE) --sftpgo-image $(SFTPGO_IMAGE)

##@ Build and run

.PHONY: build
build: manifests generate fmt vet ## Build the operator binary.
	go build -o bin/sftpgo-operator .

.PHONY: run
run: manifests generate ## Run the operator against the cluster in KUBECONFIG.
	go run . 

.PHONY: demo
demo: cluster ## Start a local cluster (fake nodes, no containers), run the operator and apply config/samples until Ready (Ctrl-C cleans up).
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go run ./hack/demo

# make bench BENCH_ARGS='-n 100 -operator-args "--max-concurrent-reconciles=8 --kube-api-qps=200 --kube-api-burst=400"'
# MEMORY_LIMIT_BYTES: the memory limit of config/manager/manager.yaml (128Mi),
# from which the operator derives its Go soft memory limit.
BENCH_ARGS ?= -n 100,500 -idle 60s -unrelated 5000 -operator-env MEMORY_LIMIT_BYTES=134217728

.PHONY: bench
bench: envtest ## Measure convergence, writes, memory and reaction at scale on a local control plane (docs/performance.md).
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go run ./hack/bench $(BENCH_ARGS)

# make bench-accounts BENCH_ACCOUNTS_ARGS='-accounts 1000 -account-groups 100'
BENCH_ACCOUNTS_ARGS ?= -accounts 1000 -account-groups 100 -operator-env MEMORY_LIMIT_BYTES=134217728

.PHONY: bench-accounts
bench-accounts: envtest ## Measure account resources (users and groups) against a fake SFTPGo and a plain-client floor (docs/performance.md).
	KUBEBUILDER_ASSETS="$(ENVTEST_ASSETS)" go run ./hack/bench $(BENCH_ACCOUNTS_ARGS)

.PHONY: docker-build
docker-build: ## Build the operator image (needs a Docker engine).
	docker build -t $(IMG) .

##@ Deployment

.PHONY: install
install: manifests ## Install the CRD into the cluster in KUBECONFIG.
	$(KUSTOMIZE) build config/crd | kubectl apply --server-side -f -

.PHONY: uninstall
uninstall: manifests ## Remove the CRD from the cluster in KUBECONFIG.
	$(KUSTOMIZE) build config/crd | kubectl delete --ignore-not-found -f -

.PHONY: deploy
deploy: manifests ## Deploy the operator to the cluster in KUBECONFIG.
	cd config/manager && $(KUSTOMIZE) edit set image controller=$(IMG)
	$(KUSTOMIZE) build config/default | kubectl apply --server-side -f -

.PHONY: undeploy
undeploy: ## Remove the operator from the cluster in KUBECONFIG.
	$(KUSTOMIZE) build config/default | kubectl delete --ignore-not-found -f -

##@ Test fixtures

OPENSHIFT_API := github.com/openshift/api
GATEWAY_API := sigs.k8s.io/gateway-api
MONITORING_API := github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring
# Cilium is no dependency (CiliumNodes are read as unstructured objects), so
# its version is pinned here. Calico's module is not served by the Go module
# proxy: test/crds/calico holds a minimal IPPool CRD written by hand.
CILIUM := github.com/cilium/cilium
CILIUM_VERSION := v1.20.2

.PHONY: test-crds
test-crds: ## Copy the Route, Network, HTTPRoute and CiliumNode CRDs, and generate the PodMonitor, PrometheusRule and ServiceMonitor CRDs, the envtest suites load from the pinned modules.
	@go mod download $(OPENSHIFT_API) $(GATEWAY_API)
	@os=$$(go list -m -f '{{.Dir}}' $(OPENSHIFT_API)); gw=$$(go list -m -f '{{.Dir}}' $(GATEWAY_API)); \
	cilium=$$(go mod download -json $(CILIUM)@$(CILIUM_VERSION) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	test -n "$$cilium" || { echo "downloading $(CILIUM)@$(CILIUM_VERSION) failed" >&2; exit 1; }; \
	install -m 0644 $$os/route/v1/zz_generated.crd-manifests/routes.crd.yaml test/crds/openshift/routes.crd.yaml; \
	install -m 0644 $$os/config/v1/zz_generated.crd-manifests/0000_10_config-operator_01_networks.crd.yaml test/crds/openshift/networks.crd.yaml; \
	install -m 0644 $$gw/config/crd/standard/gateway.networking.k8s.io_httproutes.yaml test/crds/gateway-api/httproutes.crd.yaml; \
	install -D -m 0644 $$cilium/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnodes.yaml test/crds/cilium/ciliumnodes.crd.yaml
	@# The prometheus-operator's API module holds the types, not the CRDs: generate them (descriptions dropped).
	@tmp=$$(mktemp -d); $(CONTROLLER_GEN) crd:maxDescLen=0 paths=$(MONITORING_API)/v1 output:crd:dir=$$tmp && \
	for r in podmonitors prometheusrules servicemonitors; do \
	  install -D -m 0644 $$tmp/monitoring.coreos.com_$$r.yaml test/crds/monitoring/$$r.crd.yaml; done; rm -rf $$tmp
