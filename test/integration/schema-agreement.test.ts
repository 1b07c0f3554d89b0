// ENVIRONMENT.md: migrations are hand-written SQL, so prove they build exactly what
// schema.prisma describes (every table, column type, nullability and enum value).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DbColumn, parsePrismaSchema, schemaDrift } from '../support/prisma-schema';
import { sql } from '../support/database';

const schema = parsePrismaSchema(readFileSync('prisma/schema.prisma', 'utf8'));

async function catalog(url: string) {
  const columns = await sql<DbColumn>(
    url,
    `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const enumRows = await sql<{ typname: string; labels: string[] }>(
    url,
    `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
  );
  return { columns, enums: new Map(enumRows.map((r) => [r.typname, r.labels])) };
}

describe('schema.prisma and the SQL migrations', () => {
  let db: Awaited<ReturnType<typeof catalog>>;
  beforeAll(async () => {
    db = await catalog(process.env.DATABASE_URL!);
  });

  it('reads every model of the schema', () => {
    expect(schema.models.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Organization', 'User', 'Membership', 'Invitation', 'ApiToken', 'AuditEvent']),
    );
    expect(schema.enums.get('Role')).toEqual(['OWNER', 'ADMIN', 'EDITOR', 'VIEWER']);
  });

  it('agree on every table, column type, nullability and enum', () => {
    expect(schemaDrift(schema, db.columns, db.enums)).toEqual([]);
  });

  it('would notice a missing column, a wrong type, a nullability change and a missing enum value', () => {
    const columns = db.columns
      .filter((c) => !(c.table_name === 'invitation' && c.column_name === 'revoked_at'))
      .map((c) => (c.table_name === 'membership' && c.column_name === 'role' ? { ...c, is_nullable: 'YES' as const } : c))
      .map((c) => (c.table_name === 'api_token' && c.column_name === 'scopes' ? { ...c, udt_name: '_varchar' } : c));
    const enums = new Map(db.enums);
    enums.set('Role', ['OWNER', 'ADMIN', 'EDITOR']);
    expect(schemaDrift(schema, columns, enums)).toEqual([
      'membership.role nullability is YES, schema says NOT NULL',
      'invitation.revoked_at is missing',
      'api_token.scopes is _varchar, schema says _text',
      'enum Role is (OWNER, ADMIN, EDITOR), schema says (OWNER, ADMIN, EDITOR, VIEWER)',
    ]);
  });
});
