// talos.config= download: http/https (redirects followed) or file:, retried with exponential backoff until it
// succeeds, the attempts run out or the signal aborts. ${uuid}, ${serial}, ${mac}, ${hostname} in query values
// are substituted (case-insensitively; a bare `uuid` query argument gets the UUID too), as Talos does.
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../log';
import { listLinks, sleep } from './links';

export interface DownloadOptions {
  logger: Logger;
  signal: AbortSignal;
  /** First retry delay; doubles per attempt up to maxDelayMs (default 1000 ms), plus up to this much jitter. */
  retryDelayMs?: number;
  /** Default: retry forever (until the signal aborts). */
  maxAttempts?: number;
  maxDelayMs?: number;
  /** Limit for one attempt, redirects included (default 3 minutes, as Talos). */
  attemptTimeoutMs?: number;
  /** Root of sysfs for the URL variables (default /sys). */
  sysRoot?: string;
  /** Values that override the ones read from the system. */
  variables?: Partial<Record<UrlVariable, string>>;
}

export type UrlVariable = 'uuid' | 'serial' | 'mac' | 'hostname';
const VARIABLES: UrlVariable[] = ['uuid', 'serial', 'mac', 'hostname'];
const MAX_REDIRECTS = 10;
const MAX_BODY = 64 << 20;

const readSys = async (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').then(
    (s) => s.trim() || undefined,
    () => undefined,
  );

async function variableValue(v: UrlVariable, o: DownloadOptions): Promise<string | undefined> {
  if (o.variables?.[v] !== undefined) return o.variables[v];
  const sys = o.sysRoot ?? '/sys';
  if (v === 'uuid') return (await readSys(join(sys, 'class/dmi/id/product_uuid')))?.toLowerCase();
  if (v === 'serial') return readSys(join(sys, 'class/dmi/id/product_serial'));
  if (v === 'hostname') return osHostname();
  const links = await listLinks(join(sys, 'class/net'));
  return links.find((l) => l.physical && l.mac)?.mac;
}

/** Substitutes the variables in the URL's query values. */
export async function populateUrl(raw: string, o: DownloadOptions): Promise<string> {
  const u = new URL(raw);
  if (u.search === '') return raw;
  const query = [...u.searchParams.entries()];
  let changed = false;
  for (const v of VARIABLES) {
    const re = new RegExp(`\\$\\{${v}\\}`, 'gi');
    const has = (val: string): boolean => val.toLowerCase().includes(`\${${v}}`);
    const bare = (k: string, val: string): boolean => v === 'uuid' && k === 'uuid' && val.trim() === '';
    if (!query.some(([k, val]) => bare(k, val) || has(val))) continue;
    const value = await variableValue(v, o);
    if (value === undefined) {
      o.logger.warn({ variable: v }, 'talos.config URL variable has no value, left as is');
      continue;
    }
    for (const q of query) q[1] = bare(q[0], q[1]) ? value : q[1].replace(re, value);
    changed = true;
  }
  if (!changed) return raw;
  u.search = new URLSearchParams(query).toString();
  return u.toString();
}

/** One GET with redirects; rejects with the reason (status code and body start, or the connection error). */
async function fetchOnce(url: URL, signal: AbortSignal, redirects = 0): Promise<Buffer> {
  if (url.protocol === 'file:') return readFile(url);
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { signal }, resolve);
    req.on('error', reject);
    req.end();
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error(`response larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const status = res.statusCode ?? 0;
  if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
    if (redirects >= MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
    return fetchOnce(new URL(res.headers.location, url), signal, redirects + 1);
  }
  if (status !== 200) {
    const start = body
      .subarray(0, 32)
      .toString('utf8')
      .replace(/\uFFFD/g, '');
    throw new Error(`status code ${status}, body ${JSON.stringify(start)}`);
  }
  if (body.length === 0) throw new Error('empty response');
  return body;
}

const reasonOf = (e: unknown): string => {
  const err = e as { code?: unknown; message?: unknown };
  const msg = typeof err?.message === 'string' ? err.message : String(e);
  return typeof err?.code === 'string' && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg;
};

export async function downloadConfig(url: string, opts: DownloadOptions): Promise<Buffer> {
  const { logger, signal } = opts;
  const parsed = new URL(url); // throws on a malformed URL: retrying would not help
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol))
    throw new Error(`unsupported talos.config URL scheme "${parsed.protocol}"`);
  const base = opts.retryDelayMs ?? 1000;
  const where = `${parsed.origin === 'null' ? parsed.protocol : parsed.origin}${parsed.pathname}`; // no query: may hold tokens
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    const attemptSignal = AbortSignal.any([signal, AbortSignal.timeout(opts.attemptTimeoutMs ?? 180_000)]);
    try {
      const target = await populateUrl(url, opts);
      logger.info({ url: where, attempt }, 'fetching machine config');
      const data = await fetchOnce(new URL(target), attemptSignal);
      logger.info({ url: where, bytes: data.length }, 'machine config downloaded');
      return data;
    } catch (e: unknown) {
      signal.throwIfAborted();
      const reason = reasonOf(e);
      logger.warn({ url: where, attempt, error: reason }, 'machine config download failed');
      if (opts.maxAttempts !== undefined && attempt >= opts.maxAttempts)
        throw new Error(`failed to download config from ${where} after ${attempt} attempts: ${reason}`, {
          cause: e,
        });
    }
    const delay = Math.min(base * 2 ** (attempt - 1), opts.maxDelayMs ?? 60_000) + Math.random() * base;
    await sleep(delay, signal);
  }
}
