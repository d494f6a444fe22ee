// Work that must finish before the services stop on a graceful shutdown (a control plane gives its
// shared IP up while etcd still answers, so another node takes it over at once). Each hook runs once;
// the whole run is bounded.
export class ShutdownHooks {
  private readonly hooks = new Set<() => Promise<void>>();

  /** Registers `hook`; the returned function unregisters it. */
  add(hook: () => Promise<void>): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** Runs every hook at once; resolves when all are done or after `timeoutMs`. */
  async run(timeoutMs: number): Promise<void> {
    const all = Promise.allSettled([...this.hooks].map((h) => h()));
    this.hooks.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }
}
