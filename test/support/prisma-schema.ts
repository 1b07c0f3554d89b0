// A small reader of schema.prisma, enough to compare it with the database: models (with @@map),
// scalar and enum fields (with @map, optionality, lists, @db.* native types) and enums.
// Relation fields (whose type is another model) are skipped: they have no column.

export interface SchemaField {
  name: string;
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  nativeType?: string;
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
}

export interface ParsedSchema {
  models: SchemaModel[];
  enums: Map<string, string[]>;
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Json', 'Float', 'Decimal', 'Bytes']);

function blocks(source: string, keyword: 'model' | 'enum'): Array<{ name: string; body: string[] }> {
  const found: Array<{ name: string; body: string[] }> = [];
  const re = new RegExp(`^${keyword}\\s+(\\w+)\\s*\\{([\\s\\S]*?)^\\}`, 'gm');
  for (const m of source.matchAll(re)) {
    const body = m[2]!.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim()).filter(Boolean);
    found.push({ name: m[1]!, body });
  }
  return found;
}

export function parsePrismaSchema(source: string): ParsedSchema {
  const enums = new Map(blocks(source, 'enum').map((e) => [e.name, e.body.filter((l) => /^\w+$/.test(l))]));
  const modelNames = new Set(blocks(source, 'model').map((m) => m.name));
  const models = blocks(source, 'model').map(({ name, body }) => {
    const table = /@@map\("([^"]+)"\)/.exec(body.join('\n'))?.[1] ?? name;
    const fields: SchemaField[] = [];
    for (const line of body) {
      const m = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m || line.startsWith('@@')) continue;
      const [, fieldName, type, list, optional, rest] = m as unknown as [string, string, string, string | undefined, string | undefined, string];
      if (modelNames.has(type) || (!SCALARS.has(type) && !enums.has(type))) continue;
      fields.push({
        name: fieldName,
        column: /@map\("([^"]+)"\)/.exec(rest)?.[1] ?? fieldName,
        type,
        optional: Boolean(optional),
        list: Boolean(list),
        nativeType: /@db\.(\w+(?:\([^)]*\))?)/.exec(rest)?.[1],
      });
    }
    return { name, table, fields };
  });
  return { models, enums };
}

/** The PostgreSQL type Prisma's default mapping gives a field (udt_name in information_schema). */
export function expectedUdt(field: SchemaField): string {
  if (field.nativeType) {
    const base = field.nativeType.replace(/\(.*\)$/, '');
    const native: Record<string, string> = { Timestamptz: 'timestamptz', Timestamp: 'timestamp', Text: 'text', Uuid: 'uuid', VarChar: 'varchar', Date: 'date' };
    if (!native[base]) throw new Error(`unmapped native type @db.${base}`);
    return (field.list ? '_' : '') + native[base];
  }
  const defaults: Record<string, string> = {
    String: 'text', Int: 'int4', BigInt: 'int8', Boolean: 'bool', DateTime: 'timestamp', Json: 'jsonb', Float: 'float8', Decimal: 'numeric', Bytes: 'bytea',
  };
  const base = defaults[field.type] ?? field.type; // enums keep their own type name
  return (field.list ? '_' : '') + base;
}

export interface DbColumn {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

/** Every disagreement between the schema and the database's columns and enum types. */
export function schemaDrift(schema: ParsedSchema, columns: DbColumn[], dbEnums: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const byTable = new Map<string, Map<string, DbColumn>>();
  for (const c of columns) {
    if (!byTable.has(c.table_name)) byTable.set(c.table_name, new Map());
    byTable.get(c.table_name)!.set(c.column_name, c);
  }
  for (const model of schema.models) {
    const cols = byTable.get(model.table);
    if (!cols) {
      problems.push(`table ${model.table} (model ${model.name}) is missing`);
      continue;
    }
    for (const f of model.fields) {
      const col = cols.get(f.column);
      if (!col) {
        problems.push(`${model.table}.${f.column} is missing`);
        continue;
      }
      if (col.udt_name !== expectedUdt(f)) problems.push(`${model.table}.${f.column} is ${col.udt_name}, schema says ${expectedUdt(f)}`);
      // `prisma migrate` creates scalar lists as nullable array columns (`"tags" TEXT[]`) even
      // when the field is required; every other field is NOT NULL unless marked `?`.
      const nullable = f.optional || f.list;
      if ((col.is_nullable === 'YES') !== nullable) problems.push(`${model.table}.${f.column} nullability is ${col.is_nullable}, schema says ${nullable ? 'nullable' : 'NOT NULL'}`);
    }
  }
  for (const [name, values] of schema.enums) {
    const actual = dbEnums.get(name);
    if (!actual) problems.push(`enum ${name} is missing`);
    else if (actual.join(',') !== values.join(',')) problems.push(`enum ${name} is (${actual.join(', ')}), schema says (${values.join(', ')})`);
  }
  return problems;
}
