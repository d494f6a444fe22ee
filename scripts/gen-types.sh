#!/usr/bin/env bash
# Generates TypeScript types for the gRPC API (src/gen/) from the proto/ tree with
# @grpc/proto-loader's generator, with the options that match how src/grpc/api-schema.ts decodes (TO_OBJECT_OPTIONS).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

mapfile -t PROTO_FILES < <(cd proto && find . -name '*.proto' -printf '%P\n' | LC_ALL=C sort)
if [ "${#PROTO_FILES[@]}" -eq 0 ]; then
  echo "gen-types: no .proto files under proto/ (run scripts/gen-proto.mjs first)" >&2
  exit 1
fi

# src/gen/ is entirely generated: start from an empty directory so removed types do not linger.
rm -rf src/gen
mkdir -p src/gen

node_modules/.bin/proto-loader-gen-types \
  --keepCase --longs=String --enums=String --defaults --oneofs \
  --grpcLib=@grpc/grpc-js --includeDirs=proto --outDir=src/gen \
  "${PROTO_FILES[@]}"

echo "gen-types: generated $(find src/gen -name '*.ts' | wc -l) files in src/gen from ${#PROTO_FILES[@]} proto files"
node scripts/gen-descriptor.mjs proto src/gen/api-descriptor.json
