// Builds a CertSANs spec as Talos's CertSANSpec helpers do: addresses and names appended without
// duplicates (DNS names without a trailing dot, empty ones dropped), then sorted — IPv4 before IPv6,
// each by its bytes; DNS names as strings.
import { isIP } from 'node:net';
import { ipAddressBytes } from '../pki/x509-build';
import type { CertSANSpec } from '../resources/secrets/cert-sans';

export class CertSANsBuilder {
  private readonly ips: string[] = [];
  private readonly seenIPs = new Set<string>();
  private readonly dnsNames = new Set<string>();
  private fqdn = '';

  /** Each SAN goes to the IPs when it parses as an address, else to the DNS names. */
  append(...sans: readonly string[]): this {
    for (const san of sans) {
      if (isIP(san)) this.appendIPs(san);
      else this.appendDNSNames(san);
    }
    return this;
  }

  appendIPs(...ips: readonly string[]): this {
    for (const ip of ips) {
      // one entry per address, however it is spelt (fd00::1 and fd00:0::1 are the same)
      const kind = isIP(ip);
      const key = `${kind}:${bytesOf(ip, kind).toString('hex')}`;
      if (this.seenIPs.has(key)) continue;
      this.seenIPs.add(key);
      this.ips.push(ip);
    }
    return this;
  }

  appendDNSNames(...names: readonly string[]): this {
    for (const name of names) {
      const trimmed = name.replace(/\.+$/, '');
      if (trimmed !== '') this.dnsNames.add(trimmed);
    }
    return this;
  }

  setFQDN(fqdn: string): this {
    this.fqdn = fqdn;
    return this;
  }

  build(): CertSANSpec {
    return {
      ips: [...this.ips].sort(compareIPs),
      dnsNames: [...this.dnsNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      fqdn: this.fqdn,
    };
  }
}

/** netip.Addr.Compare for addresses without zones: IPv4 first, then by bytes. */
export function compareIPs(a: string, b: string): number {
  const [ka, kb] = [isIP(a), isIP(b)];
  if (ka !== kb) return ka - kb;
  return Buffer.compare(bytesOf(a, ka), bytesOf(b, kb));
}

function bytesOf(ip: string, kind: number): Buffer {
  const b = ipAddressBytes(ip);
  // ipAddressBytes unmaps ::ffff:a.b.c.d; keep IPv6 addresses 16 bytes long for the comparison
  return kind === 6 && b.length === 4
    ? Buffer.concat([Buffer.from('00000000000000000000ffff', 'hex'), b])
    : b;
}
