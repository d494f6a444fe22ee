// The image's entry to the agent. It runs the CommonJS bundle beside it (talos-ts.cjs) with the V8
// code cache that the image build recorded (talos-ts.cjs.cache): under a slow CPU (QEMU without KVM,
// small machines) compiling the agent is most of its start-up. A cache V8 rejects (another Node
// binary) is only slower. With TALOS_TS_RECORD_CODE_CACHE=1 the cache is not read; it is written, with
// every function compiled so far, when the process exits.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, 'talos-ts.cjs');
const cacheFile = `${bundle}.cache`;
const record = process.env.TALOS_TS_RECORD_CODE_CACHE === '1';

let cachedData;
if (!record) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache: compile as usual.
  }
}
const source = readFileSync(bundle, 'utf8');
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: bundle,
  cachedData,
});
if (cachedData && script.cachedDataRejected)
  process.stderr.write(`${cacheFile} does not fit this Node.js; compiling\n`);
if (record)
  process.on('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
