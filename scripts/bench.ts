// `npm run bench` (issue 2): start-to-ready time of `npm start` on an already-built app, latency
// and throughput of the signed-in home page at 20 connections for 10 s, the web server's RSS and
// the JavaScript pages make the browser fetch (PERF-1).
// Prints figures; asserts nothing (timings belong here, not in tests).
// `npm run bench -- deploy [--pipelines=N] [--workers=2] [--no-schedule] [--no-app]` runs only the
// deploy and run section (scripts/bench/deploy-bench.ts), which the full run ends with.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { resetEnvForTests } from '@/lib/env';
import { completeFirstRunSetup } from '@/lib/services/setup';
import { disconnectDb } from '@/lib/db';
import { load } from './bench/load';
import { rssMb, startApp } from './bench/app-process';
import { signIn } from './bench/sign-in';
import { jsWeight, totalKb } from '../e2e/support/js-weight';
import { benchSecretRotation } from './bench/secret-rotation';
import { benchDeploy, DEFAULT_DEPLOY_BENCH, type DeployBenchOptions } from './bench/deploy-bench';

const PORT = Number(process.env.BENCH_PORT || 3299);
const STARTS = 3;

function freshHome(name: string): string {
  const home = `/tmp/tapestry-bench-${name}-${randomBytes(3).toString('hex')}`;
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o711);
  return home;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startupFigures(): Promise<{ first: number; warm: number }> {
  const home = freshHome('start');
  try {
    // The first start also initialises the cluster, migrates and (if needed) builds; not counted.
    const first = await startApp({ PORT: String(PORT) }, home);
    await first.stop();
    const warm: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const app = await startApp({ PORT: String(PORT) }, home);
      warm.push(app.readyMs);
      await app.stop();
    }
    return { first: first.readyMs, warm: median(warm) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function loadFigures() {
  const home = freshHome('load');
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(home, 'pg'), password: randomBytes(12).toString('hex') });
  try {
    await cluster.ensureDatabase('tapestry');
    const env = {
      DATABASE_URL: cluster.url('tapestry'),
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      TAPESTRY_PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
      PORT: String(PORT),
    };
    Object.assign(process.env, env);
    resetEnvForTests();
    await migrate(env.DATABASE_URL);
    const owner = { email: 'bench@example.com', password: 'correct horse battery staple bench' };
    const { orgSlug } = await completeFirstRunSetup(
      { orgName: 'Bench Co', name: 'Bench Owner', ...owner },
      { ip: '127.0.0.1', userAgent: 'bench' },
    );
    await disconnectDb();

    const app = await startApp(env, home);
    try {
      const base = `http://localhost:${PORT}`;
      const cookie = await signIn(base, owner.email, owner.password);
      const url = `${base}/${orgSlug}/pipelines`; // where signing in lands
      const check = await fetch(url, { headers: { cookie }, redirect: 'manual' });
      if (check.status !== 200) throw new Error(`signed-in home page answered ${check.status}`);
      const js = { signIn: totalKb(await jsWeight(`${base}/sign-in`)), pipelines: totalKb(await jsWeight(url, { cookie })) };
      await load(url, { cookie }, 5, 3); // warm-up: JIT, connection pool, React caches
      const result = await load(url, { cookie }, 20, 10);
      const paced = await load(url, { cookie }, 10, 10, 50);
      return { ...result, paced, rss: rssMb(app.webPid), js };
    } finally {
      await app.stop();
    }
  } finally {
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

function deployOptions(values: { pipelines?: string; workers?: string; 'no-schedule'?: boolean; 'no-app'?: boolean }): DeployBenchOptions {
  const count = (value: string | undefined, fallback: number, name: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number above 0`);
    return n;
  };
  return {
    ...DEFAULT_DEPLOY_BENCH,
    pipelines: count(values.pipelines, DEFAULT_DEPLOY_BENCH.pipelines, 'pipelines'),
    workers: count(values.workers, DEFAULT_DEPLOY_BENCH.workers, 'workers'),
    schedule: !values['no-schedule'],
    app: !values['no-app'],
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { pipelines: { type: 'string' }, workers: { type: 'string' }, 'no-schedule': { type: 'boolean' }, 'no-app': { type: 'boolean' } },
  });
  const deploy = deployOptions(values);
  if (positionals.includes('deploy')) return benchDeploy(deploy, (line) => console.log(line));
  const startup = await startupFigures();
  console.log(`npm start → ready (embedded PostgreSQL, built app): median of ${STARTS} ${(startup.warm / 1000).toFixed(2)} s (first start incl. initdb: ${(startup.first / 1000).toFixed(2)} s)`);
  const r = await loadFigures();
  console.log(`signed-in home page, 20 connections × 10 s: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms, ${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors`);
  const p = r.paced;
  console.log(`signed-in home page at a steady 50 req/s × 10 s: p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms, ${p.non2xx} non-2xx, ${p.errors} errors`);
  console.log(`web server RSS after the load: ${r.rss.toFixed(0)} MB`);
  console.log(`JavaScript fetched (gzip): /sign-in ${r.js.signIn.toFixed(1)} kB, /<org>/pipelines ${r.js.pipelines.toFixed(1)} kB`);
  for (const line of await benchSecretRotation()) console.log(line);
  await benchDeploy(deploy, (line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
