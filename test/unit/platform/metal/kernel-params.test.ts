import { describe, expect, it } from 'vitest';
import { parseIpParam, parseKernelParams } from '../../../../src/platform/metal/kernel-params';

describe('parseKernelParams', () => {
  it('reads talos.platform, talos.config, console and keeps everything in raw', () => {
    const p = parseKernelParams(
      'BOOT_IMAGE=/vmlinuz  console=tty0\tconsole=ttyS0,115200n8 talos.platform=metal ' +
        'talos.config=http://10.0.0.1:8080/config.yaml?uuid=${uuid}&a=b=c init_on_alloc=1 slab_nomerge quiet\n',
    );
    expect(p.platform).toBe('metal');
    expect(p.configUrl).toBe('http://10.0.0.1:8080/config.yaml?uuid=${uuid}&a=b=c');
    expect(p.console).toEqual(['tty0', 'ttyS0,115200n8']);
    expect(p.raw.get('slab_nomerge')).toEqual(['']);
    expect(p.raw.get('quiet')).toEqual(['']);
    expect(p.raw.get('BOOT_IMAGE')).toEqual(['/vmlinuz']);
    expect(p.ip).toBeUndefined();
    expect([...p.raw.keys()]).toEqual([
      'BOOT_IMAGE',
      'console',
      'talos.platform',
      'talos.config',
      'init_on_alloc',
      'slab_nomerge',
      'quiet',
    ]);
  });

  it('handles an empty line, talos.config=none, empty values and quoted values', () => {
    expect(parseKernelParams('').raw.size).toBe(0);
    expect(parseKernelParams('   \n').console).toEqual([]);
    const p = parseKernelParams('talos.config=none talos.platform= dyndbg="file foo.c +p" ip=');
    expect(p.configUrl).toBeUndefined();
    expect(p.platform).toBeUndefined();
    expect(p.ip).toBeUndefined();
    expect(p.raw.get('dyndbg')).toEqual(['file foo.c +p']);
    expect(parseKernelParams('talos.config=metal-iso').configUrl).toBe('metal-iso');
  });

  it('takes the first of repeated ip= and reports a malformed one without throwing', () => {
    const p = parseKernelParams('ip=10.0.0.5::10.0.0.1:24 ip=dhcp');
    expect(p.ip?.address).toBe('10.0.0.5');
    expect(p.raw.get('ip')).toEqual(['10.0.0.5::10.0.0.1:24', 'dhcp']);
    const bad = parseKernelParams('ip=10.0.0.300::10.0.0.1:24 console=ttyS0');
    expect(bad.ip).toBeUndefined();
    expect(bad.ipError).toMatch(/address/);
    expect(bad.console).toEqual(['ttyS0']);
  });
});

describe('parseIpParam', () => {
  it('parses the full static form', () => {
    expect(
      parseIpParam('172.20.0.2:172.20.0.1:172.20.0.1:255.255.255.0:node-1:eth0:off:1.1.1.1:8.8.8.8:10.0.0.1'),
    ).toEqual({
      address: '172.20.0.2',
      gateway: '172.20.0.1',
      prefix: 24,
      hostname: 'node-1',
      device: 'eth0',
      autoconf: 'off',
      dns: ['1.1.1.1', '8.8.8.8'],
    });
  });

  it('accepts numeric prefixes, defaults to a host prefix and skips empty fields', () => {
    expect(parseIpParam('10.5.0.2::10.5.0.1:16')).toEqual({
      address: '10.5.0.2',
      gateway: '10.5.0.1',
      prefix: 16,
      dns: [],
    });
    expect(parseIpParam('10.5.0.2')).toEqual({ address: '10.5.0.2', prefix: 32, dns: [] });
    expect(parseIpParam('10.5.0.2:::255.255.255.252::enp1s0')).toMatchObject({
      prefix: 30,
      device: 'enp1s0',
    });
    expect(parseIpParam('10.5.0.2:::0.0.0.0')).toMatchObject({ prefix: 0 });
    expect(parseIpParam(':::::eth1:dhcp')).toEqual({ device: 'eth1', autoconf: 'dhcp', dns: [] });
  });

  it('parses dhcp forms and kernel autoconf keywords', () => {
    expect(parseIpParam('dhcp')).toEqual({ autoconf: 'dhcp', dns: [] });
    expect(parseIpParam('eth0:dhcp')).toEqual({ device: 'eth0', autoconf: 'dhcp', dns: [] });
    expect(parseIpParam('off')).toEqual({ autoconf: 'off', dns: [] });
    expect(parseIpParam('none')).toEqual({ autoconf: 'none', dns: [] });
  });

  it('parses bracketed IPv6 addresses', () => {
    expect(parseIpParam('[2001:db8::2]::[2001:db8::1]:64:host6:eth0:none:[2001:4860:4860::8888]')).toEqual({
      address: '2001:db8::2',
      gateway: '2001:db8::1',
      prefix: 64,
      hostname: 'host6',
      device: 'eth0',
      autoconf: 'none',
      dns: ['2001:4860:4860::8888'],
    });
    expect(parseIpParam('[fd00::5]')).toEqual({ address: 'fd00::5', prefix: 128, dns: [] });
  });

  it('rejects malformed addresses, netmasks and prefixes', () => {
    expect(() => parseIpParam('10.0.0.2::gw:24')).toThrow(/gateway/);
    expect(() => parseIpParam('10.0.0.2:::255.0.255.0')).toThrow(/contiguous/);
    expect(() => parseIpParam('10.0.0.2:::33')).toThrow(/prefix/);
    expect(() => parseIpParam('10.0.0.2::::::off:dns.example')).toThrow(/DNS/);
  });
});
