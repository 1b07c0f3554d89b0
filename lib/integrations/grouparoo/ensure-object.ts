// One Grouparoo object found by its name (or key) or created, with ../ensure-by-name's guards: a
// create is never retried blindly, and an object created beside an older twin (another process
// ensuring the same pipeline at the same moment) is deleted in favour of the twin. Grouparoo
// refuses a second *ready* object of one name, but two creates racing in separate transactions
// can both pass that check. Bringing the object up to date is the caller's next step, for found
// and created objects alike, so a create interrupted half-way is completed on the next ensure.
import { ensureByName } from '../ensure-by-name';

export interface Ensured<T> {
  item: T;
  created: boolean;
}

export interface EnsureObjectSteps<T extends { id: string; createdAt?: number | null }> {
  /** Every live object with the wanted name (or key), in Grouparoo's list order. */
  find(): Promise<T[]>;
  create(): Promise<T>;
  /** Deletes an own create that lost to an older twin. */
  remove(id: string): Promise<unknown>;
}

export async function ensureObject<T extends { id: string; createdAt?: number | null }>(name: string, steps: EnsureObjectSteps<T>): Promise<Ensured<T>> {
  const seen = new Map<string, T>();
  const remember = (item: T) => {
    seen.set(item.id, item);
    return item;
  };
  const result = await ensureByName({
    find: async () => (await steps.find()).map(remember).map((item) => ({ id: item.id, name, age: item.createdAt ?? undefined })),
    create: async () => remember(await steps.create()).id,
    update: async () => undefined,
    remove: async (id) => {
      await steps.remove(id);
    },
  });
  const item = seen.get(result.id);
  if (!item) throw new Error(`ensureObject: ${result.id} was neither found nor created`);
  return { item, created: result.created };
}

/** Whether every wanted option has that value already (Grouparoo keeps option values as typed strings or numbers). */
export function hasOptions(current: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => current[key] !== undefined && current[key] !== null && String(current[key]) === String(value));
}

/** Whether two mappings (field → property key) are the same set of pairs. */
export function sameMapping(current: Record<string, string | null>, wanted: Record<string, string>): boolean {
  const pairs = Object.entries(current).filter(([, v]) => v !== null);
  return pairs.length === Object.keys(wanted).length && pairs.every(([field, key]) => wanted[field] === key);
}
