// Certificate requests, certificates and DER from the network: a worker's CSR as trustd's API takes it
// (refused with InvalidArgument), a certificate as the worker reads trustd's answer and as configs carry
// them (refused with CertificateParseError or PemError), and the DER reader under both (DerError).
// Seeds: real CSRs and certificates of each key family, mutated byte by byte, and random bytes.
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { parseCsr } from '../../../src/apps/trustd/security-api';
import { isApiError } from '../../../src/grpc/errors';
import {
  CertificateParseError,
  createCertificateRequest,
  DerError,
  decodePem,
  generateCA,
  generateKeyPairSync,
  issueCertificate,
  parseCertificate,
  parseCertificateFromDer,
  PemError,
} from '../../../src/pki';
import { children, readNode, type Node } from '../../../src/pki/der';
import { errorClass, hex, type FuzzTarget } from '../fuzz-target';
import { bytesAround, mutatedBytes } from '../mutate';

const FAMILIES = ['ed25519', 'ecdsa-p256', 'rsa-2048'] as const;

function csrSeeds(): string[] {
  return FAMILIES.map((alg) =>
    createCertificateRequest({
      key: generateKeyPairSync(alg).privateKey,
      commonName: 'worker-1',
      organizations: ['os:admin'],
      dnsNames: ['worker-1', 'worker-1.example.com'],
      ipAddresses: ['10.5.0.2', 'fd00::2'],
    }),
  );
}

async function certificateSeeds(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const alg of FAMILIES) {
    const ca = await generateCA({ organizations: ['talos'], keyAlgorithm: alg });
    out.push(ca.parsed.der);
    const leaf = await issueCertificate(ca, {
      commonName: 'node',
      organizations: ['os:admin'],
      dnsNames: ['node.example.com'],
      ipAddresses: ['10.5.0.2', 'fd00::2'],
      extKeyUsage: 'both',
    });
    out.push(leaf.parsed.der);
  }
  return out;
}

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

export async function csrTarget(): Promise<FuzzTarget<Buffer>> {
  const texts = csrSeeds();
  const ders = texts.map((t) => decodePem(t).der);
  const arbitrary = fc.oneof(
    { weight: 4, arbitrary: mutatedBytes(ders).map((d) => Buffer.from(pem('CERTIFICATE REQUEST', d))) },
    { weight: 2, arbitrary: mutatedBytes(texts.map((t) => Buffer.from(t))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 1024 }).map((u) => Buffer.from(u)) },
    { weight: 1, arbitrary: fc.constantFrom(...texts.map((t) => Buffer.from(t))) },
  );
  return {
    name: 'csr',
    arbitrary,
    run: (input) => {
      const r = parseCsr(input);
      if (r.subject.organizations.some((o) => typeof o !== 'string')) throw new Error('bad subject');
    },
    refused: (e) => isApiError(e) && e.code === status.INVALID_ARGUMENT,
    show: (b) => JSON.stringify(b.toString('latin1')),
  };
}

export async function x509Target(): Promise<FuzzTarget<Buffer>> {
  const seeds = await certificateSeeds();
  return {
    name: 'x509',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: bytesAround(seeds, 1024) },
      { weight: 1, arbitrary: mutatedBytes(seeds).map((d) => Buffer.from(pem('CERTIFICATE', d))) },
    ),
    run: (input) => {
      if (input.subarray(0, 5).toString() === '-----') parseCertificate(input);
      else parseCertificateFromDer(input);
    },
    refused: errorClass(CertificateParseError, PemError),
    show: (b) => hex(b, 4096),
  };
}

/** Every TLV of the tree, depth first (as the certificate and CSR parsers walk it). */
function walk(n: Node, depth = 0): number {
  if (depth > 64 || (n.tag & 0x20) === 0) return 1;
  return children(n).reduce((sum, c) => sum + walk(c, depth + 1), 1);
}

export async function derTarget(): Promise<FuzzTarget<Buffer>> {
  const seeds = [...(await certificateSeeds()), ...csrSeeds().map((t) => decodePem(t).der)];
  return {
    name: 'der',
    arbitrary: bytesAround(seeds, 512),
    run: (input) => walk(readNode(input)),
    refused: errorClass(DerError),
    show: (b) => hex(b, 4096),
  };
}
