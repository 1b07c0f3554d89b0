// Durable state for a stand-in: real services keep their stacks, sources and runs when they
// restart, so the sandbox does too — a user who restarts `npm start` finds their pipeline's
// stack, Airbyte connections and dbt runs where they left them. A stand-in calls `changed()`
// after each mutation; writes are debounced, atomic (temp file + rename) and mode 0600, since the
// state holds the same credentials the real service would hold.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StateFile<T> {
  /** The saved state, or undefined for a first start (or a file from an incompatible version). */
  load(): T | undefined;
  /** Schedules a save of `snapshot()`; many calls within the debounce window make one write. */
  changed(): void;
  /** Writes now (on close). */
  flush(): void;
}

// 2: each stand-in's state is superjson's `{ json, meta }` (core/state-codec.ts); 1 held three
// hand-written encodings of Maps and Sets, which version 2 no longer reads.
const FORMAT = 2;

/**
 * @param onError where a failed background save is reported (a removed folder, a full disk); it
 *   must not throw out of a timer and take the whole sandbox down. `flush()` still throws.
 */
export function stateFile<T>(
  file: string,
  snapshot: () => T,
  debounceMs = 250,
  onError: (error: unknown) => void = (error) => process.stderr.write(`sandbox state not saved to ${file}: ${String(error)}\n`),
): StateFile<T> {
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ format: FORMAT, savedAt: new Date().toISOString(), state: snapshot() }), { mode: 0o600 });
    renameSync(temp, file);
  };
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
      try {
        const parsed = JSON.parse(text) as { format?: number; state?: T };
        return parsed.format === FORMAT ? parsed.state : undefined;
      } catch {
        // A torn or hand-edited file: start empty rather than refuse to start; keep the old one aside.
        renameSync(file, `${file}.unreadable`);
        return undefined;
      }
    },
    changed() {
      if (timer) return;
      timer = setTimeout(() => {
        try {
          write();
        } catch (error) {
          onError(error);
        }
      }, debounceMs);
      timer.unref();
    },
    flush() {
      if (timer) clearTimeout(timer);
      write();
    },
  };
}
