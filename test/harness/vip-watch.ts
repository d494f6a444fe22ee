// Who holds a shared IP, sampled in every namespace of a LAN at a fixed period: each sample lists the
// namespaces whose links have the address. Bounded by the caller's stop().
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface VipSample {
  readonly at: number;
  readonly holders: string[];
}

async function holds(ns: string, vip: string): Promise<boolean> {
  try {
    const { stdout } = await run('ip', ['-n', ns, '-json', 'address', 'show']);
    const links = JSON.parse(stdout || '[]') as Array<{ addr_info?: Array<{ local: string }> }>;
    return links.some((l) => (l.addr_info ?? []).some((a) => a.local === vip));
  } catch {
    return false; // the namespace is gone
  }
}

export class VipWatch {
  readonly samples: VipSample[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly namespaces: readonly string[],
    private readonly vip: string,
    periodMs = 50,
  ) {
    this.loop = (async () => {
      while (!this.stopped) {
        const at = Date.now();
        const flags = await Promise.all(this.namespaces.map((ns) => holds(ns, this.vip)));
        this.samples.push({ at, holders: this.namespaces.filter((_, i) => flags[i]) });
        await new Promise((r) => setTimeout(r, Math.max(0, periodMs - (Date.now() - at))));
      }
    })();
  }

  /** The first sample at or after `since` where `pred` holds. */
  first(since: number, pred: (s: VipSample) => boolean): VipSample | undefined {
    return this.samples.find((s) => s.at >= since && pred(s));
  }

  /** Samples with more than one holder. */
  conflicts(): VipSample[] {
    return this.samples.filter((s) => s.holders.length > 1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}
