# Builds talos-ts and runs its tests in a container (Debian, like CI):
#   docker build -t talos-ts .            # build + unit/integration/interop tests
#   docker run --rm -p 50000:50000 talos-ts   # the agent in maintenance mode
FROM debian:bookworm
ENV DEBIAN_FRONTEND=noninteractive GOTOOLCHAIN=auto
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg make git golang-go openssl \
 && curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN make test
EXPOSE 50000 50001
CMD ["node", "dist/talos-ts.js", "machined", "--platform", "container", "--state-dir", "/var/lib/talos-ts", "--listen", "0.0.0.0"]
