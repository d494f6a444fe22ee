import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { appendToMessages } from '../../../../src/apps/apid/append-metadata';

const version = apiSchema().methods.find((m) => m.path === '/machine.MachineService/Version')!;

describe('node metadata on one-to-many answers', () => {
  it('adds the hostname to every message and keeps the original bytes', () => {
    const first = { version: { tag: 'v1' } };
    const second = { version: { tag: 'v2' }, metadata: { error: 'e' } };
    const bytes = version.responseSerialize({ messages: [first, second] });
    const appended = appendToMessages(bytes, '10.5.0.2');
    const out = version.responseDeserialize(appended) as {
      messages: { metadata: { hostname: string }; version: { tag: string } }[];
    };
    expect(out.messages.map((m) => [m.metadata.hostname, m.version.tag])).toEqual([
      ['10.5.0.2', 'v1'],
      ['10.5.0.2', 'v2'],
    ]);
    // Spec-compliant decoders (Go) merge the two metadata occurrences; protobufjs keeps the last,
    // so check that each original message is still there, byte for byte, ahead of the new field.
    const original = version.responseSerialize({ messages: [second] }).subarray(2);
    expect(appended.includes(original)).toBe(true);
  });

  it('creates a message when the answer has none', () => {
    const out = version.responseDeserialize(
      appendToMessages(version.responseSerialize({ messages: [] }), 'n1'),
    ) as {
      messages: { metadata: { hostname: string } }[];
    };
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0]?.metadata.hostname).toBe('n1');
  });
});
