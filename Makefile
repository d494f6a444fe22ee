# talos-ts build and test entry points. `make run` and `make test` work on a fresh Debian machine.
SHELL := /bin/bash
.DEFAULT_GOAL := build
NODE_MAJOR := 20
LISTEN ?= 127.0.0.1
STATE_DIR ?= .state
# zstd level of the initramfs: 19 (with a long window) gives the size figure; 9 builds faster.
ZSTD_LEVEL ?= 19

.PHONY: deps build run run-maintenance root-check cluster-deps cluster cluster-destroy test typecheck lint unit interop bench fuzz proto generate clean image image-deps qemu-deps \
	qemu-smoke qemu-test k8s-images k8s-test load-test

# Node.js and npm packages (Go is only needed by the interop tests).
node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= $(NODE_MAJOR) ? 0 : 1)' || \
		{ echo "Node.js >= $(NODE_MAJOR) is required (found $$(node --version))"; exit 1; }
	# npm install, not npm ci: with this machine's omit-lockfile-registry-resolved setting the lock file
	# lacks other platforms' optional packages, which npm ci refuses.
	npm install --no-audit --no-fund
	@touch $@

deps: node_modules/.installed

build: deps
	npm run build

# A bootstrapped one-control-plane cluster: `talos-ts cluster create` with the container provisioner, each
# node an agent in network namespaces of its own (needs root and Debian's etcd; docs/cluster-create.md).
# Its talosconfig context is merged into ~/.talos/config ($TALOSCONFIG); `make cluster-destroy` removes it.
CLUSTER ?= talos-default
CONTROLPLANES ?= 1
WORKERS ?= 0
run: root-check build cluster-deps
	node dist/talos-ts.js cluster create --name $(CLUSTER) --controlplanes $(CONTROLPLANES) --workers $(WORKERS)

# `make run` before it became the cluster: one agent in maintenance mode on $(LISTEN), no root needed.
run-maintenance: build
	node dist/talos-ts.js machined --platform container --state-dir $(STATE_DIR) --listen $(LISTEN)

cluster: run

cluster-destroy: root-check build
	node dist/talos-ts.js cluster destroy --name $(CLUSTER)

root-check:
	@[ "$$(id -u)" = 0 ] || { echo "make $(MAKECMDGOALS): the cluster's nodes live in network namespaces, which need root:" \
		"run it as root (sudo make $(MAKECMDGOALS)); \`make run-maintenance\` runs one agent without root" >&2; exit 1; }

# What the nodes need from Debian: ip (iproute2) for the namespaces, etcd for the control planes.
cluster-deps:
	@command -v ip >/dev/null && command -v etcd >/dev/null || \
		{ apt-get update && apt-get install -y --no-install-recommends iproute2 etcd-server; }

typecheck: deps
	npx tsc --noEmit

lint: deps
	npx eslint .
	npx prettier --check --log-level=warn .

unit: build
	npx vitest run

interop: build
	TALOS_TS_BIN=$(CURDIR)/dist/talos-ts.js bash test/interop/run.sh

# The qemu tier's smoke subset runs here too (it builds the image): boot to maintenance, and a configured
# boot from talos.config= (etcd bootstrapped, the agent killed and started again by the init).
test: typecheck lint unit interop qemu-smoke

# The bootable image from pinned Debian packages (images/packages.txt), without Docker:
# _out/vmlinuz-amd64, _out/initramfs-amd64.xz (zstd), _out/image-files.txt.
image: deps image-deps
	ZSTD_LEVEL=$(ZSTD_LEVEL) bash images/build.sh
	node images/iso.mjs
	node images/pxe.mjs
	node images/installer.mjs

# The image build's tools: the ISO (grub-mkrescue drives xorriso and mtools) and GRUB's modules.
image-deps:
	@command -v xorriso >/dev/null && command -v mcopy >/dev/null && command -v grub-mkrescue >/dev/null && \
		command -v strip >/dev/null && \
		[ -d /usr/lib/grub/i386-pc ] && [ -d /usr/lib/grub/x86_64-efi ] || \
		{ apt-get update && apt-get install -y --no-install-recommends xorriso mtools grub-common grub-pc-bin grub-efi-amd64-bin binutils; }

# The Kubernetes images (kubelet, control plane, kube-proxy, CoreDNS, flannel, pause) built from the Go
# module proxy and pushed into a local registry (Debian's docker-registry, config and storage in
# REGISTRY_DIR, on REGISTRY_ADDR while it pushes), as in Talos's air-gapped guide: images/k8s/build.sh.
# K8S_VERSIONS="v1.36.1 v1.36.3" adds a version (upgrade-k8s). Run it under the heavy-run lock.
K8S_VERSIONS ?= v1.36.3
REGISTRY_DIR ?= $(CURDIR)/_out/registry
REGISTRY_ADDR ?= 127.0.0.1:5000
k8s-images: deps
	K8S_VERSIONS="$(K8S_VERSIONS)" REGISTRY_DIR=$(REGISTRY_DIR) REGISTRY_ADDR=$(REGISTRY_ADDR) bash images/k8s/build.sh

# The Kubernetes tier: the agent against the real Kubernetes binaries `make k8s-images` builds (not in
# `make test`: that build takes about 47 minutes from a cold Go cache). Run it under the heavy-run lock.
k8s-test: build
	npx vitest run -c vitest.k8s.config.mjs

# The API load test at its full length: 200 follow streams and 500 unary calls/s for 60 s against one
# node (the integration tier in `make test` runs the same test for 15 s). Run it under the heavy-run lock.
load-test: build
	TALOS_TS_LOAD_SECONDS=60 npx vitest run test/integration/api-load.test.ts

qemu-deps:
	@command -v qemu-system-x86_64 >/dev/null && [ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || \
		{ apt-get update && apt-get install -y --no-install-recommends qemu-system-x86 ovmf; }

# The qemu tier: the image booted under QEMU (TCG), one guest at a time.
QEMU_SMOKE := test/qemu/boot-maintenance.test.ts test/qemu/boot-config-url.test.ts
qemu-smoke: image qemu-deps
	npx vitest run -c vitest.qemu.config.mjs $(QEMU_SMOKE)

qemu-test: image qemu-deps
	npx vitest run -c vitest.qemu.config.mjs

# The long fuzz run (a million config inputs; figures in the README).
fuzz: deps
	npm run fuzz

bench: build
	npx tsx test/bench/run.ts

# Regenerate proto/, the API descriptor and the handler types from the reference facts (needs ../shared/reference).
proto: deps
	node scripts/gen-proto.mjs
	node scripts/gen-descriptor.mjs proto src/gen/api-descriptor.json
	node scripts/gen-api-types.mjs src/gen/api-descriptor.json src/gen/api

# Regenerate everything under src/gen/ (also after editing src/config/schema/).
generate: proto
	npx tsx scripts/gen-config-validators.ts
	node scripts/gen-resource-table.mjs

clean:
	rm -rf dist _out
