// One seeded organization (with a session and a token per role) for specs that only read it or
// whose changes cannot disturb each other (the authorization matrix, the header checks). A spec
// whose own outcome depends on the organization's state seeds its own with seed('matrixWorld').
import type { MatrixWorld } from './matrix-world';
import { seed } from './seed';

let cached: MatrixWorld | undefined;

export function sharedWorld(): MatrixWorld {
  cached ??= seed('matrixWorld', undefined);
  return cached;
}

const checkout = new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Marks of a leaked stack trace or server path in a response body. */
export const LEAK_PATTERNS = [/\n\s+at [\w.<]+ \(/, /node_modules\//, checkout, /\.next\/server/, /PrismaClient/];
