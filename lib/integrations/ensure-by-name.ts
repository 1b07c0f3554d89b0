// "Find it by name, else create it" for services whose creates are not idempotent (Airbyte, dbt
// Cloud): no client token, so the resource's name is the natural key (REL-1). Three guards:
// - a create is never retried blindly: if its answer was lost, the next ensure finds it by name;
// - ensures of one name in this process run one after another (NameLocks), so two concurrent
//   callers here make one object;
// - after its own create, an ensure lists the name again and, if an older twin exists (another
//   process created one meanwhile), deletes its own and adopts the older one. The newer creator
//   always sees the older one (its list comes after its create), so both settle on the same one,
//   provided "older" is a total order both can read (dbt Cloud: ids; Airbyte: createdAt seconds,
//   ties broken by the server's list order). Where that order is uncertain a twin can survive, so
//   callers still run one deploy per pipeline at a time (queue singleton key, REL-5).

export interface Named {
  id: string;
  name: string;
  /** Orders twins: the smallest is the one kept. Absent = list order alone decides. */
  age?: number;
}

export interface EnsureSteps<T extends Named> {
  /** Every live object of this kind and scope with this name, in the server's list order. */
  find(): Promise<T[]>;
  /** Creates the object; returns its id. Called at most once per ensure and never retried. */
  create(): Promise<string>;
  /** Brings an existing object up to date (e.g. a PATCH of its configuration). */
  update(existing: T): Promise<void>;
  /** Deletes an object this ensure created and then found an older twin of; gone already = fine. */
  remove(id: string): Promise<void>;
}

/** The twin every caller keeps: oldest first, then first listed (a stable sort keeps list order). */
export function oldestNamed<T extends Named>(items: readonly T[]): T | undefined {
  return [...items].sort((a, b) => (a.age ?? 0) - (b.age ?? 0))[0];
}

export async function ensureByName<T extends Named>(steps: EnsureSteps<T>): Promise<{ id: string; created: boolean }> {
  const existing = oldestNamed(await steps.find());
  if (existing) {
    await steps.update(existing);
    return { id: existing.id, created: false };
  }
  const id = await steps.create();
  const kept = oldestNamed(await steps.find());
  if (!kept || kept.id === id) return { id, created: true };
  await steps.remove(id);
  await steps.update(kept);
  return { id: kept.id, created: false };
}

/** Runs work for one key at a time, in arrival order; different keys run side by side. */
export class NameLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
