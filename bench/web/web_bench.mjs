// Server time per page of tertial-web on the demo municipality (target: < 50 ms a page,
// issue 15). Starts the demo stack (tests/web/stack.mjs), signs in, and asks each page
// --runs times, one at a time, reading the server's own time from the Server-Timing header
// (the web app's whole answer, its gRPC calls included; not the network). Baselines in the
// same run: /healthz (the web app's floor) and the report's JSON file (the reporting
// service's Render, which the start and report pages wait on). Then 20 users at once
// (the p99 < 150 ms).
//
//   node bench/web/web_bench.mjs --build-dir build [--runs 30]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn, startStack } from '../../tests/web/stack.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const buildDir = path.resolve(args['build-dir'] ?? 'build');
const runs = Number(args.runs ?? 30);
const targetMs = 50;

const work = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'web-bench-'));
let stack;
try {
  stack = await startStack({ buildDir, work, logDir: work });
  const cookie = await signIn(stack.base, stack.anna);
  const pages = [
    ['baseline: /healthz', '/healthz', {}],
    ['baseline: report JSON (Render)', '/report/0580/KS/2021-08.json', { Cookie: cookie }],
    ['start', '/', { Cookie: cookie }],
    ['start, July', '/?period=2021-07', { Cookie: cookie }],
    ['report page', '/report/0580/KS/2021-08', { Cookie: cookie }],
    ['unit page, KS', '/unit/0580/KS/2021-08', { Cookie: cookie }],
    ['unit page, KLF', '/unit/0580/KLF/2021-08', { Cookie: cookie }],
    ['goals page', '/goals/0580/KS/2021-08', { Cookie: cookie }],
    ['report HTML (framed)', '/report/0580/KS/2021-08.html', { Cookie: cookie }],
    ['API ListReports', '/api/v1/reporting/ListReports', { Cookie: cookie }],
    ['API GetGoalReport', '/api/v1/goals/GetGoalReport?board_unit_id=KS&period=2021-08', { Cookie: cookie }],
  ];
  console.log(`tertial-web, demo municipality (0580 KS), ${runs} runs each after 3 warm-up, one at a time; ` +
    `server time from Server-Timing, ms`);
  console.log(`${'page'.padEnd(34)} ${'median'.padStart(7)} ${'p90'.padStart(7)} ${'max'.padStart(7)}  target < ${targetMs} ms`);
  for (const [name, url, headers] of pages) {
    const times = [];
    for (let i = 0; i < runs + 3; ++i) {
      const r = await fetch(stack.base + url, { headers, redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
      const dur = Number(r.headers.get('server-timing').match(/dur=([0-9.]+)/)[1]);
      if (i >= 3) times.push(dur);
    }
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    const verdict = name.startsWith('baseline') ? '' : q(0.5) < targetMs ? 'meets' : 'MISSES';
    console.log(`${name.padEnd(34)} ${q(0.5).toFixed(1).padStart(7)} ${q(0.9).toFixed(1).padStart(7)} ${times.at(-1).toFixed(1).padStart(7)}  ${verdict}`);
  }
  // 20 people at once, each opening the start, report and unit pages in turn.
  const users = 20;
  const rounds = Math.max(5, Math.floor(runs / 3));
  const mix = ['/', '/report/0580/KS/2021-08', '/unit/0580/KS/2021-08', '/goals/0580/KS/2021-08'];
  const all = [];
  const started = Date.now();
  await Promise.all(Array.from({ length: users }, async () => {
    for (let i = 0; i < rounds; ++i) {
      for (const url of mix) {
        const r = await fetch(stack.base + url, { headers: { Cookie: cookie } });
        await r.arrayBuffer();
        all.push(Number(r.headers.get('server-timing').match(/dur=([0-9.]+)/)[1]));
      }
    }
  }));
  all.sort((a, b) => a - b);
  const q = (p) => all[Math.min(all.length - 1, Math.floor(p * all.length))];
  console.log(`${users} concurrent users, ${all.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `server time median ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms (target p99 < 150 ms: ` +
    `${q(0.99) < 150 ? 'meets' : 'MISSES'})`);
} finally {
  if (stack) await stack.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
