// Package interop holds the wire-compatibility tests of talos-ts.
//
// The tests start the talos-ts agent (node dist/talos-ts.js machined ...) as a
// child process on loopback addresses (127.0.0.11 and up) and talk to it only
// through the official Talos client library,
// github.com/siderolabs/talos/pkg/machinery v1.13.9, exactly the way talosctl
// does. They are the independent judge of wire compatibility: if they pass, the
// official client works unchanged against the agent.
//
// Run with `go test -count=1 -v ./...` (or ./run.sh); the agent is located via
// the TALOS_TS_BIN environment variable, defaulting to ../../dist/talos-ts.js.
package interop
