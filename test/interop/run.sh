#!/usr/bin/env bash
# Runs the talos-ts interop suite: the official Talos v1.13.9 client library
# against the talos-ts agent (dist/talos-ts.js, or $TALOS_TS_BIN).
# Extra arguments are passed to `go test` (e.g. -run TestMaintenanceMode).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v go >/dev/null 2>&1; then
	echo "interop: 'go' was not found on PATH; the interop tests need Go (1.26 or newer, see go.mod)" >&2
	exit 1
fi

if ! go mod download; then
	echo "interop: Go modules could not be fetched (GOPROXY=$(go env GOPROXY)); the interop tests need the Go module proxy or a filled module cache" >&2
	exit 1
fi

exec go test -count=1 -v ./... "$@"
