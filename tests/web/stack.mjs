// The demo municipality behind tertial-web, for the browser test and bench/web: makes the
// demo data (scripts/demo-pipeline), writes a tokens file with two personal tokens, starts
// tertiald on it and tertial-web in front, each on a free port. stop() ends both.

import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function start(children, binary, argv, logFile, ready) {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(binary, argv, { stdio: ['ignore', log, log] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = () => {
      const text = fs.readFileSync(logFile, 'utf8');
      const m = text.match(ready);
      if (m) return resolve(m[1]);
      if (child.exitCode !== null) return reject(new Error(`${binary} exited ${child.exitCode}:\n${text}`));
      if (Date.now() > deadline) return reject(new Error(`${binary} did not start:\n${text}`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

// `work`: a directory of its own (data, tokens); `logDir`: where the two logs go.
export async function startStack({ buildDir, work, logDir }) {
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const t = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5000);
        child.on('exit', () => { clearTimeout(t); resolve(); });
      });
    }
  };
  try {
    execFileSync(path.join(root, 'scripts/demo-pipeline'),
      ['--build-dir', buildDir, '--out', path.join(work, 'out'), '--work', path.join(work, 'work'), '--port', '0', '--fresh'],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    // Personal tokens: Anna (controller of 0580) and Olle (reader of another municipality).
    const anna = randomBytes(24).toString('hex');
    const olle = randomBytes(24).toString('hex');
    const sha = (t) => createHash('sha256').update(t).digest('hex');
    const tokens = path.join(work, 'tokens');
    fs.writeFileSync(tokens, `sha256:${sha(anna)} anna controller 0580\nsha256:${sha(olle)} olle reader 0999\n`);
    const grpcPort = await start(children, path.join(buildDir, 'apps/tertiald'),
      ['--data-dir', path.join(work, 'work/data'), '--listen', '127.0.0.1:0', '--tokens', tokens, '--log-format', 'text'],
      path.join(logDir, 'tertiald.log'), /tertiald: serving port=(\d+)/);
    const server = `127.0.0.1:${grpcPort}`;
    const webPort = await start(children, path.join(buildDir, 'apps/tertial-web/tertial-web'),
      ['--server', server, '--tokens', tokens, '--listen', '127.0.0.1:0', '--log-format', 'text'],
      path.join(logDir, 'tertial-web.log'), /tertial-web: serving port=(\d+)/);
    return { base: `http://127.0.0.1:${webPort}`, server, anna, olle, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Signs in as a program would (the form's CSRF token and cookie); returns the Cookie header.
export async function signIn(base, token) {
  const form = await fetch(base + '/login');
  const loginCookie = form.headers.get('set-cookie').split(';')[0];
  const csrf = (await form.text()).match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const r = await fetch(base + '/login', {
    method: 'POST', redirect: 'manual', body: `csrf=${csrf}&token=${token}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: loginCookie },
  });
  if (r.status !== 303) throw new Error(`sign-in failed: ${r.status}`);
  return r.headers.getSetCookie().find((c) => c.startsWith('tertial_session=')).split(';')[0];
}
