# talos-ts in a container (Debian, like CI). Not tested here (no Docker engine on the build machines);
# the Makefile does the same without Docker and is what CI runs.
#   docker build -t talos-ts .                                         # build + unit/integration/interop tests
#   docker run --rm -p 50000:50000 talos-ts                            # the agent in maintenance mode
#   docker build --target image --output type=local,dest=_out .        # the bootable image: _out/vmlinuz-amd64,
#                                                                      # _out/initramfs-amd64.xz, _out/image-files.txt
FROM debian:bookworm AS base
ENV DEBIAN_FRONTEND=noninteractive GOTOOLCHAIN=auto
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg make git golang-go openssl \
      gcc libc6-dev binutils zstd \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .

# images/build.sh: pinned Debian packages (apt-get download + dpkg -x), the static init, the agent bundle
# and this container's node binary (the same major version as the builder, as in the Makefile build).
FROM base AS image-build
RUN apt-get update && make image && rm -rf /var/lib/apt/lists/*

FROM scratch AS image
COPY --from=image-build /src/_out/vmlinuz-amd64 /src/_out/initramfs-amd64.xz /src/_out/image-files.txt /

FROM base AS test
RUN make test
EXPOSE 50000 50001
CMD ["node", "dist/talos-ts.js", "machined", "--platform", "container", "--state-dir", "/var/lib/talos-ts", "--listen", "0.0.0.0"]
