// The last few lines a process wrote (at most 512 bytes), for the error when it exits badly:
// `exit status 3 (last log "…")`, as Talos's lastlog writer keeps them.
export const LAST_LOG_LIMIT = 512;

export class LastLog {
  private lines: Buffer[] = [];
  private bytes = 0;

  add(line: Buffer): void {
    const kept = line.length > LAST_LOG_LIMIT ? line.subarray(line.length - LAST_LOG_LIMIT) : line;
    this.lines.push(Buffer.from(kept));
    this.bytes += kept.length;
    while (this.bytes > LAST_LOG_LIMIT && this.lines.length > 1) this.bytes -= this.lines.shift()!.length;
  }

  /** The kept lines without the trailing newlines. */
  text(): string {
    return Buffer.concat(this.lines).toString().replace(/\n+$/, '');
  }
}
