// A no-reboot apply of the network (one more address and route) until the kernel has them, on an agent
// in a network namespace of its own; baseline: the same address and route put in with `ip` by hand,
// until the kernel shows them, polled the same way.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeStateDir, removeDir, startAgent } from '../harness/agent';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { createLan } from '../harness/netns-lan';
import { withNetwork } from '../harness/network-config';

const run = promisify(execFile);

async function has(ns: string, address: string): Promise<boolean> {
  const { stdout } = await run('ip', ['-n', ns, '-json', 'address', 'show', 'dev', 'eth0']);
  return (JSON.parse(stdout) as Array<{ addr_info: Array<{ local: string }> }>)[0]!.addr_info.some(
    (a) => a.local === address,
  );
}

async function until(fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('not in the kernel in time');
}

export async function networkApply(applies: number): Promise<{ oursMs: number[]; baseMs: number[] }> {
  const lan = createLan();
  const node = lan.addNode();
  const dir = await makeStateDir();
  const agent = startAgent(node.address, dir, { netns: node.ns });
  const out = { oursMs: [] as number[], baseMs: [] as number[] };
  try {
    await agent.waitReady();
    const g = generateConfig(`${dir}/gen`, 'netbench', node.address);
    const net = (extra: string | undefined) => ({
      interfaces: [
        { interface: 'eth0', addresses: [`${node.address}/24`, ...(extra ? [`${extra}/24`] : [])] },
      ],
    });
    const admin = await applyAndConnect(
      node.address,
      withNetwork(g.controlPlane, net(undefined)),
      g.adminTLS,
    );
    for (let i = 0; i < applies; i++) {
      const extra = `${lan.prefix}.${100 + (i % 100)}`;
      let t0 = performance.now();
      await admin.unary('/machine.MachineService/ApplyConfiguration', {
        data: withNetwork(g.controlPlane, net(extra)),
        mode: 'NO_REBOOT',
      });
      await until(() => has(node.ns, extra));
      out.oursMs.push(performance.now() - t0);
      await admin.unary('/machine.MachineService/ApplyConfiguration', {
        data: withNetwork(g.controlPlane, net(undefined)),
        mode: 'NO_REBOOT',
      });
      await until(async () => !(await has(node.ns, extra)));

      t0 = performance.now();
      await run('ip', ['-n', node.ns, 'address', 'add', `${extra}/24`, 'dev', 'eth0']);
      await until(() => has(node.ns, extra));
      out.baseMs.push(performance.now() - t0);
      await run('ip', ['-n', node.ns, 'address', 'del', `${extra}/24`, 'dev', 'eth0']);
    }
    admin.close();
  } finally {
    await agent.stop();
    lan.remove();
    await removeDir(dir);
  }
  return out;
}
