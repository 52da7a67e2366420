# Build the operator binary.
FROM golang:1.26 AS builder
ARG TARGETOS
ARG TARGETARCH

WORKDIR /workspace
# Dependencies first, so this layer is cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download

# The main package (main.go and its siblings) and the packages it imports.
COPY *.go ./
COPY api/ api/
COPY controllers/ controllers/
COPY internal/ internal/

# TARGETOS and TARGETARCH come from `docker buildx build --platform ...`, so a
# multi-platform image gets a binary per platform; a plain `docker build`
# leaves GOARCH empty and Go builds for the builder's architecture.
RUN CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w" -o sftpgo-operator .

# A minimal, shell-less base that runs as a non-root user.
# See https://github.com/GoogleContainerTools/distroless
FROM gcr.io/distroless/static:nonroot
WORKDIR /
COPY --from=builder /workspace/sftpgo-operator /sftpgo-operator
USER 65532:65532

ENTRYPOINT ["/sftpgo-operator"]
