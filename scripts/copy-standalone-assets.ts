// Next's standalone output leaves static assets and public/ to the deployer
// (nextjs.org/docs/app/api-reference/config/next-config-js/output). Copy them in, then record
// the build fingerprint that `npm start` compares to decide whether to rebuild.
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { buildFingerprint, FINGERPRINT_FILE } from './build-fingerprint';

cpSync('.next/static', '.next/standalone/.next/static', { recursive: true });
if (existsSync('public')) cpSync('public', '.next/standalone/public', { recursive: true });
writeFileSync(FINGERPRINT_FILE, buildFingerprint());
