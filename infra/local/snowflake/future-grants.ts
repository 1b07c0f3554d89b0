// Future grants: privileges promised on objects not yet created. When a schema or table is
// created, the matching future grants become real grants on it. As in Snowflake, schema-level
// future grants for an object type take precedence: when any exist, the database-level ones for
// that type are ignored. A future OWNERSHIP grant hands the new object to that role.
import type { Catalog, FutureGrant } from './catalog';

export function applyFutureGrants(catalog: Catalog, objectType: 'SCHEMA' | 'TABLE', path: string[]): { owner?: string } {
  const [database, schema] = path;
  const matches = (f: FutureGrant, type: 'DATABASE' | 'SCHEMA') =>
    f.objectType === objectType && f.container.type === type && f.container.path[0] === database && (type === 'DATABASE' || f.container.path[1] === schema);
  const schemaLevel = objectType === 'TABLE' ? catalog.futureGrants.filter((f) => matches(f, 'SCHEMA')) : [];
  const chosen = schemaLevel.length > 0 ? schemaLevel : catalog.futureGrants.filter((f) => matches(f, 'DATABASE'));
  let owner: string | undefined;
  for (const future of chosen) {
    if (future.privilege === 'OWNERSHIP') {
      owner = future.role;
      continue;
    }
    const grantedBy = catalog.ownerOf({ type: future.container.type, path: future.container.path }) ?? '';
    catalog.grantPrivilege({ privilege: future.privilege, on: { type: objectType, path }, role: future.role, grantOption: future.grantOption, grantedBy });
  }
  return { owner };
}
