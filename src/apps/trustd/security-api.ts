// securityapi.SecurityService/Certificate: signs a worker's CSR with the OS CA, as a server-only
// certificate for the worker's apid (Talos: internal/app/trustd/internal/reg).
import { status } from '@grpc/grpc-js';
import { ApiError, invalidArgument } from '../../grpc/errors';
import { implement, type Implementation } from '../../grpc/handler';
import type { Logger } from '../../log';
import {
  DEFAULT_CERT_VALIDITY_MS,
  encodePem,
  isCertificateRequestError,
  parseCertificateRequest,
  signCertificateDer,
  toCertAndKey,
  type CertAndKey,
  type CertificateRequest,
} from '../../pki';
import { errorMessage } from '../../error-message';

export const SECURITY_SERVICE = 'securityapi.SecurityService';
export const CERTIFICATE_PATH = `/${SECURITY_SERVICE}/Certificate`;
/** 24h: siderolabs/crypto's default validity, which trustd's signing uses. */
export const WORKER_CERT_VALIDITY_MS = DEFAULT_CERT_VALIDITY_MS;

export interface SigningAuthority {
  /** The OS CA (machine.ca) with its key, PEM. */
  readonly issuingCA: { readonly crt: string; readonly key: string };
  /** Answered as `ca`, concatenated: Talos's OS accepted CAs (machine.acceptedCAs, then the OS CA). */
  readonly acceptedCAs: readonly string[];
}

export interface SignedCertificate {
  readonly ca: Buffer;
  readonly crt: Buffer;
  readonly request: CertificateRequest;
}

/** The CSR, parsed and verified; a bad one is InvalidArgument. */
export function parseCsr(csr: Buffer): CertificateRequest {
  try {
    return parseCertificateRequest(csr);
  } catch (e: unknown) {
    if (!isCertificateRequestError(e)) throw e;
    if (e.reason === 'no-pem') throw invalidArgument('failed to decode CSR');
    if (e.reason === 'bad-signature') throw invalidArgument(`failed verifying CSR signature: ${e.message}`);
    throw invalidArgument(`failed to parse CSR: ${e.message}`);
  }
}

/** The OS CA decoded once, not for every request (decoding its key and certificate costs more than signing). */
let decodedCA: { crt: string; key: string; ca: CertAndKey } | undefined;
function issuer(ca: SigningAuthority['issuingCA']): CertAndKey {
  if (decodedCA?.crt !== ca.crt || decodedCA.key !== ca.key)
    decodedCA = { crt: ca.crt, key: ca.key, ca: toCertAndKey({ crt: ca.crt, key: ca.key }) };
  return decodedCA.ca;
}

/**
 * Signs the request as Talos does: subject CN kept and Organization dropped (no client certificate,
 * so no roles, can be obtained this way), SANs as requested, keyUsage digitalSignature,
 * extKeyUsage serverAuth only, valid from now for 24h.
 */
export function signServerCertificate(
  request: CertificateRequest,
  authority: SigningAuthority,
  now = new Date(),
): SignedCertificate {
  let crt: string;
  try {
    const der = signCertificateDer(issuer(authority.issuingCA), request.publicKey, {
      ...(request.subject.commonName ? { commonName: request.subject.commonName } : {}),
      dnsNames: request.dnsNames,
      ipAddresses: request.ipAddresses,
      keyUsage: ['digitalSignature'],
      extKeyUsage: 'server',
      notBefore: now,
      validityMs: WORKER_CERT_VALIDITY_MS,
    });
    crt = encodePem('CERTIFICATE', der);
  } catch (e: unknown) {
    throw new ApiError(status.INTERNAL, `failed to sign CSR: ${errorMessage(e)}`);
  }
  const ca = authority.acceptedCAs.map((c) => (c.endsWith('\n') ? c : `${c}\n`)).join('');
  return { ca: Buffer.from(ca), crt: Buffer.from(crt), request };
}

/** Printable for a log line whatever the requester put in its CSR. */
const printable = (s: string): string => JSON.stringify(s).slice(1, -1);
const list = (xs: readonly string[]): string => `[${xs.map(printable).join(' ')}]`;

/** "CN=…,O=…" as Go prints a pkix.Name. */
function subjectString(s: CertificateRequest['subject']): string {
  return [
    ...(s.commonName !== undefined ? [`CN=${printable(s.commonName)}`] : []),
    ...s.organizations.map((o) => `O=${printable(o)}`),
  ].join(',');
}

export function securityApi(
  authority: () => SigningAuthority | undefined,
  logger: Logger,
): Implementation<'securityapi.SecurityService'> {
  return implement('securityapi.SecurityService', {
    Certificate: async (req, ctx) => {
      const a = authority();
      if (!a) throw new ApiError(status.UNAVAILABLE, 'this node has no OS CA to sign with');
      const request = parseCsr(Buffer.from(req.csr ?? new Uint8Array()));
      logger.info(
        `received CSR signing request from ${ctx.peer}: subject ${subjectString(request.subject)} dns names ${list(request.dnsNames)} addresses ${list(request.ipAddresses)}`,
      );
      if (request.subject.organizations.length > 0)
        logger.info(`removing client auth organization from CSR: ${list(request.subject.organizations)}`);
      const signed = signServerCertificate(request, a);
      return { ca: signed.ca, crt: signed.crt };
    },
  });
}
