import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/log';
import { downloadConfig, populateUrl } from '../../../../src/platform/metal/config-download';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function serve(handler: Handler, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

function capture(onLine?: (rec: Record<string, unknown>) => void) {
  const records: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const rec = JSON.parse(line) as Record<string, unknown>;
        records.push(rec);
        onLine?.(rec);
      }
      cb();
    },
  });
  return { logger: createLogger('json', 'info', sink), records };
}

const failures = (records: Record<string, unknown>[]) =>
  records.filter((r) => r.msg === 'machine config download failed');

describe('downloadConfig', () => {
  it('retries through 500s and a refused connection, logging each reason and attempt', async () => {
    let hits = 0;
    const handler: Handler = (_req, res) => {
      hits++;
      if (hits <= 2) {
        res.statusCode = 500;
        res.end('internal trouble, please try again later');
        if (hits === 2) s.server.close(); // the next attempt is refused
        s.server.closeAllConnections();
        return;
      }
      res.end('version: v1alpha1\n');
    };
    const s = await serve(handler);
    const { logger, records } = capture((rec) => {
      if (String(rec.error).includes('ECONNREFUSED')) void serve(handler, s.port); // back up for the next try
    });
    const data = await downloadConfig(`http://127.0.0.1:${s.port}/config.yaml`, {
      logger,
      signal: AbortSignal.timeout(20_000),
      retryDelayMs: 20,
    });
    expect(data.toString()).toBe('version: v1alpha1\n');
    const f = failures(records);
    expect(f.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(f[0]?.error).toBe('status code 500, body "internal trouble, please try aga"');
    expect(f[2]?.error).toMatch(/ECONNREFUSED/);
    expect(hits).toBe(3);
  });

  it('follows relative and absolute redirects and substitutes URL variables', async () => {
    const sys = await mkdtemp(join(tmpdir(), 'talos-sys-'));
    try {
      await mkdir(join(sys, 'class/dmi/id'), { recursive: true });
      await writeFile(join(sys, 'class/dmi/id/product_uuid'), '4C4C4544-0042-3510-8052-B4C04F4A4E32\n');
      await mkdir(join(sys, 'class/net/enp3s0/device'), { recursive: true });
      await writeFile(join(sys, 'class/net/enp3s0/address'), '52:54:00:aa:bb:cc\n');
      await mkdir(join(sys, 'class/net/lo'), { recursive: true });
      const seen: string[] = [];
      const { port } = await serve((req, res) => {
        seen.push(req.url ?? '');
        if (req.url?.startsWith('/start')) res.writeHead(302, { location: '/middle' }).end();
        else if (req.url === '/middle')
          res.writeHead(308, { location: `http://127.0.0.1:${port}/final` }).end();
        else res.end('machine: {}\n');
      });
      const { logger } = capture();
      const url = `http://127.0.0.1:${port}/start?u=\${UUID}&m=\${mac}&uuid&keep=x`;
      const data = await downloadConfig(url, { logger, signal: AbortSignal.timeout(10_000), sysRoot: sys });
      expect(data.toString()).toBe('machine: {}\n');
      expect(seen).toEqual([
        '/start?u=4c4c4544-0042-3510-8052-b4c04f4a4e32&m=52%3A54%3A00%3Aaa%3Abb%3Acc&uuid=4c4c4544-0042-3510-8052-b4c04f4a4e32&keep=x',
        '/middle',
        '/final',
      ]);
    } finally {
      await rm(sys, { recursive: true, force: true });
    }
  });

  it('leaves URLs without variables untouched', async () => {
    const { logger } = capture();
    const o = { logger, signal: AbortSignal.timeout(1000), variables: { hostname: 'n1' } };
    expect(await populateUrl('http://h/x?a=%20b&c', o)).toBe('http://h/x?a=%20b&c');
    expect(await populateUrl('http://h/x?host=${hostname}', o)).toBe('http://h/x?host=n1');
  });

  it('gives up on abort, both between attempts and during a hanging request', async () => {
    const { port } = await serve((_req, res) => res.writeHead(503).end('busy'));
    const { logger, records } = capture();
    const ac = new AbortController();
    const p = downloadConfig(`http://127.0.0.1:${port}/`, { logger, signal: ac.signal, retryDelayMs: 10 });
    while (failures(records).length < 3) await new Promise((r) => setTimeout(r, 5));
    ac.abort(new Error('shutting down'));
    await expect(p).rejects.toThrow('shutting down');
    expect(failures(records)[0]?.error).toBe('status code 503, body "busy"');

    const hang = await serve(() => undefined);
    const ac2 = new AbortController();
    const started = Date.now();
    const p2 = downloadConfig(`http://127.0.0.1:${hang.port}/`, { logger, signal: ac2.signal });
    setTimeout(() => ac2.abort(new Error('stop')), 200);
    await expect(p2).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops after maxAttempts and rejects unsupported URLs at once', async () => {
    const { port } = await serve((_req, res) => res.writeHead(404).end('no such config'));
    const { logger, records } = capture();
    await expect(
      downloadConfig(`http://127.0.0.1:${port}/c?token=secret`, {
        logger,
        signal: AbortSignal.timeout(10_000),
        retryDelayMs: 5,
        maxAttempts: 2,
      }),
    ).rejects.toThrow(/after 2 attempts: status code 404, body "no such config"/);
    expect(failures(records)).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain('secret');
    await expect(
      downloadConfig('tftp://10.0.0.1/c', { logger, signal: AbortSignal.timeout(1000) }),
    ).rejects.toThrow(/unsupported/);
  });

  it('reads file: URLs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'talos-cfg-'));
    try {
      await writeFile(join(dir, 'c.yaml'), 'debug: true\n');
      const { logger } = capture();
      const data = await downloadConfig(`file://${dir}/c.yaml`, {
        logger,
        signal: AbortSignal.timeout(1000),
      });
      expect(data.toString()).toBe('debug: true\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
