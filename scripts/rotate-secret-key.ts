// Re-wraps every stored credential under the current key of TAPESTRY_SECRET_KEY (the first
// entry), step 2 of the key lifecycle in lib/secrets/README.md. Online and safe to repeat: only
// the wrapping of each data key changes, with compare-and-set writes.
//
//   npm run secrets:rotate              re-wrap, then report
//   npm run secrets:rotate -- --check   report only: is anything left under another key?
//
// Exit codes: 0 every credential is under the current key (the old keys may be retired);
// 2 some are not (could not be opened: listed by id, or written meanwhile by a process with the
// old configuration: run again); 1 the run failed (configuration, database). Prints ids, key ids
// and counts only, never a value.
import { disconnectDb } from '@/lib/db';
import { countCredentialsByKey, rotateCredentials } from '@/lib/secrets/credential-store';
import { appKeyring } from '@/lib/secrets/keyring';

const byKey = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([keyId, n]) => `${keyId}: ${n}`)
    .join(', ') || 'none';

async function main(checkOnly: boolean): Promise<number> {
  const current = appKeyring().currentKeyId;
  const before = await countCredentialsByKey();
  console.log(`current key: ${current}; credentials by key: ${byKey(before)}`);
  if (!checkOnly) {
    const result = await rotateCredentials({ onBatch: (p) => console.log(`  re-wrapped ${p.rewrapped} so far`) });
    console.log(`re-wrapped ${result.rewrapped}, conflicts ${result.conflicts}, could not open ${result.failedCount}, passes ${result.passes}`);
    for (const f of result.failed) console.log(`  not re-wrapped: credential ${f.id} (${f.reason})`);
    console.log(`credentials by key now: ${byKey(await countCredentialsByKey())}`);
  }
  for (const u of await appKeyring().usage()) console.log(`key ${u.keyId}${u.current ? ' (current)' : ''}: ${u.encryptions} encryptions, ${u.state}`);
  const left = Object.entries(await countCredentialsByKey()).filter(([keyId]) => keyId !== current).reduce((n, [, c]) => n + c, 0);
  if (left === 0) {
    console.log('complete: every credential is under the current key; older keys can be retired.');
    return 0;
  }
  console.log(`incomplete: ${left} credential(s) under other keys; keep those keys configured.`);
  return 2;
}

main(process.argv.includes('--check'))
  .then(async (code) => {
    await disconnectDb();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    // Messages of this app's errors name key ids at most (lib/crypto/secrets/errors.ts).
    console.error(error instanceof Error ? error.message : 'the rotation failed');
    await disconnectDb().catch(() => {});
    process.exit(1);
  });
