// What this process may grant to the processes it starts, read from /proc/self, against what the kernel
// lets a child do: a host whose processes lack CAP_SYS_RESOURCE (this one's bounding set leaves it out)
// refuses a lower OOM score, which runc then fails on (`failed to update /proc/self/oom_score_adj`).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canLowerOomScore, processCaps } from '../../../src/system/process-caps';

describe('process capabilities', () => {
  it('reads the effective and bounding sets and the OOM score of this process', async () => {
    const caps = await processCaps();
    expect(caps).toBeDefined();
    expect(caps!.oomScoreAdj).toBe(Number(readFileSync('/proc/self/oom_score_adj', 'utf8').trim()));
    for (const c of caps!.effective) expect(caps!.bounding).toContain(c);
  });

  it('says whether a lower OOM score is allowed as the kernel does for a child', async () => {
    const child = spawnSync('sh', ['-c', 'echo -1000 > /proc/self/oom_score_adj'], { encoding: 'utf8' });
    expect(await canLowerOomScore()).toBe(child.status === 0);
  });
});
