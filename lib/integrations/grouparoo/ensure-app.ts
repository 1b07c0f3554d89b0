// A Grouparoo app (a plugin's connection settings) found by name or created. Its options are sent
// again on every ensure: Grouparoo masks password options when read, so a rotated password could
// not be told from an unchanged one, and Grouparoo itself skips a write that changes nothing.
import { cannotConverge, recordEnsured, type EnsureContext } from './ensure-context';
import { ensureObject } from './ensure-object';
import { objectPath, type ItemOf } from './objects';

export async function ensureApp(ctx: EnsureContext, key: string, name: string, type: string, options: Record<string, unknown>): Promise<ItemOf<'app'>> {
  const { objects, o } = ctx;
  const ensured = await ensureObject(name, {
    find: async () => (await objects.list('app', {}, 'provision', o)).filter((app) => app.name === name),
    create: () => objects.create('app', { name, type, state: 'ready', options }, `create the app "${name}"`, o),
    remove: (id) => objects.remove(objectPath('app', id), {}, `remove the app "${name}"`, o),
  });
  recordEnsured(ctx, key, ensured);
  const app = ensured.item;
  if (app.type !== type) throw cannotConverge(key, `The Grouparoo app "${name}" is a ${app.type} app, not ${type}.`);
  if (!ensured.created) await objects.update('app', app.id, { options, state: 'ready' }, `update the app "${name}"`, o);
  return app;
}
