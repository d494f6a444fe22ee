// When a call names its target nodes (`nodes` metadata), each answer says which node it came from:
// common.Metadata{hostname} is appended as field 1 of every message (protobuf merges repeated
// occurrences of an embedded message, so appending is enough; nothing is decoded). A node that
// fails answers an entry of its own whose metadata carries the error (common.Empty, which any answer
// message decodes as: every answer message has its metadata as field 1).

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);
}

/** Encoded `metadata = 1` field holding common.Metadata{hostname = 1}. */
export function metadataField(hostname: string): Buffer {
  return lengthDelimited(1, lengthDelimited(1, Buffer.from(hostname)));
}

/** How a node failed: its gRPC status and the error text Talos shows for it. */
export interface NodeFailure {
  readonly code: number;
  readonly message: string;
  /** Go's status error text (`rpc error: code = … desc = …`). */
  readonly error: string;
}

/** common.Metadata{hostname, error, status: google.rpc.Status{code, message}}. */
function failureMetadata(hostname: string, f: NodeFailure): Buffer {
  const statusParts = [Buffer.from([1 << 3]), varint(f.code)];
  if (f.message !== '') statusParts.push(lengthDelimited(2, Buffer.from(f.message)));
  return Buffer.concat([
    lengthDelimited(1, Buffer.from(hostname)),
    lengthDelimited(2, Buffer.from(f.error)),
    lengthDelimited(3, Buffer.concat(statusParts)),
  ]);
}

/**
 * A failed node's entry: as a stream message, common.Empty{metadata}; as a unary answer,
 * common.EmptyResponse{messages: [that]}, which merges into the other nodes' `messages`.
 */
export function failureEntry(hostname: string, f: NodeFailure, streaming: boolean): Buffer {
  const empty = lengthDelimited(1, failureMetadata(hostname, f));
  return streaming ? empty : lengthDelimited(1, empty);
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let mult = 1;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint');
    result += (b & 0x7f) * mult;
    if (b < 0x80) return [result, pos];
    mult *= 128;
  }
}

/** A unary answer `{ repeated X messages = 1 }`: the node's metadata appended to every X. */
export function appendToMessages(response: Buffer, hostname: string): Buffer {
  const meta = metadataField(hostname);
  const parts: Buffer[] = [];
  let found = false;
  let pos = 0;
  while (pos < response.length) {
    const start = pos;
    const [key, afterKey] = readVarint(response, pos);
    const wire = key & 7;
    let end: number;
    if (wire === 2) {
      const [len, afterLen] = readVarint(response, afterKey);
      end = afterLen + len;
      if (key >>> 3 === 1) {
        found = true;
        parts.push(lengthDelimited(1, Buffer.concat([response.subarray(afterLen, end), meta])));
        pos = end;
        continue;
      }
    } else if (wire === 0) end = readVarint(response, afterKey)[1];
    else if (wire === 1) end = afterKey + 8;
    else if (wire === 5) end = afterKey + 4;
    else throw new Error(`unsupported wire type ${wire}`);
    parts.push(response.subarray(start, end));
    pos = end;
  }
  if (!found) parts.push(lengthDelimited(1, meta));
  return Buffer.concat(parts);
}

/** A streamed message whose field 1 is its metadata. */
export function appendToStreamed(message: Buffer, hostname: string): Buffer {
  return Buffer.concat([message, metadataField(hostname)]);
}
