// The Snowflake stand-in's statement parser and identifier rules: unquoted names are upper-cased,
// quoted ones keep their case, binds are filled in, positions in syntax errors match Snowflake's,
// and real-but-unsupported statements are told apart from bad SQL.
import { describe, expect, it } from 'vitest';
import type { BindValue } from '@/infra/local/snowflake/cursor';
import { SnowflakeError } from '@/infra/local/snowflake/errors';
import { displayName, likeMatcher, parseNameText } from '@/infra/local/snowflake/identifiers';
import { createBinds, parseStatement, splitScript } from '@/infra/local/snowflake/parser';
import { maskSecrets } from '@/infra/local/snowflake/statement-log';

function parse(sql: string, bindings: Record<string, BindValue> = {}) {
  const [first] = splitScript(sql);
  if (!first) throw new Error('no statement');
  return parseStatement(first, createBinds(bindings));
}

function error(run: () => unknown): SnowflakeError {
  try {
    run();
  } catch (caught) {
    if (caught instanceof SnowflakeError) return caught;
    throw caught;
  }
  throw new Error('expected a Snowflake error');
}

describe('identifiers', () => {
  it('upper-cases unquoted names and keeps quoted ones exactly', () => {
    expect(parse('USE DATABASE tapestry')).toEqual({ kind: 'use', objectType: 'DATABASE', name: ['TAPESTRY'] });
    expect(parse('USE SCHEMA "Tapestry"."Raw Data"')).toEqual({ kind: 'use', objectType: 'SCHEMA', name: ['Tapestry', 'Raw Data'] });
    expect(parse('USE ROLE "say ""hi"""')).toMatchObject({ name: ['say "hi"'] });
  });

  it('prints names bare only when they read back the same unquoted', () => {
    expect(displayName('TAPESTRY_WH')).toBe('TAPESTRY_WH');
    expect(displayName('Raw')).toBe('"Raw"');
    expect(displayName('has space')).toBe('"has space"');
    expect(displayName('1ST')).toBe('"1ST"');
  });

  it('reads IDENTIFIER() text with the same rules', () => {
    expect(parseNameText('db.raw')).toEqual(['DB', 'RAW']);
    expect(parseNameText('"Db".raw')).toEqual(['Db', 'RAW']);
    expect(parseNameText('db..raw')).toBeUndefined();
    expect(parseNameText('drop table x')).toBeUndefined();
    expect(parse("CREATE SCHEMA IDENTIFIER('tapestry.\"Mixed\"')")).toMatchObject({ objectType: 'SCHEMA', name: ['TAPESTRY', 'Mixed'] });
  });

  it('matches SHOW … LIKE patterns case-insensitively with % and _', () => {
    const matches = likeMatcher('tap%_wh');
    expect(matches('TAPESTRY_WH')).toBe(true);
    expect(matches('TAP_W')).toBe(false);
    expect(likeMatcher('a\\%b')('A%B')).toBe(true);
    expect(likeMatcher('a\\%b')('AxB')).toBe(false);
    expect(likeMatcher('%b_d', false)('abcd')).toBe(true);
    expect(likeMatcher('%B_D', false)('abcd')).toBe(false);
  });

  it('matches adversarial patterns over long text without blowing up', () => {
    const started = Date.now();
    expect(likeMatcher('%a%a%a%a%a%a%a%a%a%a%b')('a'.repeat(20_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('lexing and splitting', () => {
  it('splits on top-level semicolons only, skipping comments', () => {
    const parts = splitScript("-- setup\nCREATE ROLE a; /* ; */ SELECT 'x;y' ;; // done\nUSE ROLE a;");
    expect(parts.map((p) => p.text)).toEqual(['CREATE ROLE a', "SELECT 'x;y'", 'USE ROLE a']);
  });

  it("reads strings with '' and backslash escapes and $$ strings", () => {
    expect(parse("ALTER SESSION SET QUERY_TAG = 'it''s \\'ok\\''")).toMatchObject({ set: new Map([['QUERY_TAG', { kind: 'string', value: "it's 'ok'" }]]) });
    expect(parse('ALTER SESSION SET QUERY_TAG = $$a\'b$$')).toMatchObject({ set: new Map([['QUERY_TAG', { kind: 'string', value: "a'b" }]]) });
  });

  it('reports syntax errors at Snowflake positions (0-based column, 1-based line)', () => {
    expect(error(() => parse('SELECT 1 FROM')).message).toBe("SQL compilation error:\nsyntax error line 1 at position 13 unexpected '<EOF>'.");
    expect(error(() => parse('CREATE ROLE\n  r extra'))).toMatchObject({ code: '001003', sqlState: '42000', message: "SQL compilation error:\nsyntax error line 2 at position 4 unexpected 'extra'." });
    expect(error(() => splitScript("SELECT 'open")).message).toContain("unexpected '<EOF>'");
    expect(error(() => parse('SELECT;')).message).toBe("SQL compilation error:\nsyntax error line 1 at position 6 unexpected ';'.");
  });
});

describe('statements', () => {
  it('parses warehouse properties, IF NOT EXISTS and rejects OR REPLACE with IF NOT EXISTS', () => {
    const statement = parse("CREATE WAREHOUSE IF NOT EXISTS wh WITH WAREHOUSE_SIZE = 'XSMALL' AUTO_SUSPEND = 60 AUTO_RESUME = TRUE");
    expect(statement).toMatchObject({ kind: 'create', objectType: 'WAREHOUSE', name: ['WH'], ifNotExists: true, orReplace: false });
    expect(statement.kind === 'create' && Object.fromEntries(statement.properties)).toEqual({
      WAREHOUSE_SIZE: { kind: 'string', value: 'XSMALL' },
      AUTO_SUSPEND: { kind: 'number', value: '60' },
      AUTO_RESUME: { kind: 'boolean', value: true },
    });
    expect(error(() => parse('CREATE OR REPLACE ROLE IF NOT EXISTS r')).code).toBe('001003');
  });

  it('parses table columns with types, constraints and defaults', () => {
    const statement = parse('CREATE TABLE "Db".raw.t (id NUMBER(38, 0) NOT NULL, "Name" VARCHAR(100) DEFAULT \'x\' COMMENT \'who\', at TIMESTAMP_NTZ, PRIMARY KEY (id))');
    expect(statement).toMatchObject({
      objectType: 'TABLE',
      name: ['Db', 'RAW', 'T'],
      columns: [
        { name: 'ID', type: 'NUMBER(38,0)', nullable: false },
        { name: 'Name', type: 'VARCHAR(100)', nullable: true, defaultText: "'x'", comment: 'who' },
        { name: 'AT', type: 'TIMESTAMP_NTZ', nullable: true },
      ],
    });
    expect(parse('CREATE TABLE t AS SELECT * FROM s')).toMatchObject({ asSelect: { kind: 'select', from: ['S'] } });
  });

  it('parses grants on objects, on future objects, and of roles', () => {
    expect(parse('GRANT SELECT, INSERT ON FUTURE TABLES IN SCHEMA db.raw TO ROLE loader')).toEqual({
      kind: 'grant-privileges',
      privileges: ['SELECT', 'INSERT'],
      target: { kind: 'future', objectType: 'TABLE', container: { type: 'SCHEMA', name: ['DB', 'RAW'] } },
      role: 'LOADER',
      withGrantOption: false,
    });
    expect(parse('GRANT ALL PRIVILEGES ON DATABASE d TO ROLE r WITH GRANT OPTION')).toMatchObject({ privileges: ['ALL'], target: { kind: 'object', objectType: 'DATABASE', name: ['D'] }, withGrantOption: true });
    expect(parse('GRANT USAGE, CREATE TABLE ON SCHEMA d.s TO r')).toMatchObject({ privileges: ['USAGE', 'CREATE TABLE'], role: 'R' });
    expect(parse('REVOKE ROLE r FROM USER u')).toEqual({ kind: 'revoke-role', role: 'R', to: { type: 'USER', name: 'U' } });
    expect(parse('GRANT CREATE DATABASE ON ACCOUNT TO ROLE r')).toMatchObject({ target: { kind: 'account' } });
  });

  it('parses SHOW with LIKE and IN, and the SHOW GRANTS forms', () => {
    expect(parse("SHOW TABLES LIKE 'CUST%' IN SCHEMA db.raw")).toEqual({ kind: 'show', objects: 'TABLES', terse: false, like: 'CUST%', in: { type: 'SCHEMA', name: ['DB', 'RAW'] } });
    expect(parse('SHOW SCHEMAS IN DATABASE')).toMatchObject({ in: { type: 'DATABASE', name: [] } });
    expect(parse('SHOW GRANTS TO ROLE r')).toEqual({ kind: 'show-grants', of: { kind: 'to-role', role: 'R' } });
    expect(parse('SHOW GRANTS OF ROLE r')).toEqual({ kind: 'show-grants', of: { kind: 'of-role', role: 'R' } });
    expect(parse('SHOW GRANTS ON SCHEMA d.s')).toMatchObject({ of: { kind: 'on', target: { objectType: 'SCHEMA', name: ['D', 'S'] } } });
    expect(parse('SHOW FUTURE GRANTS IN DATABASE d')).toMatchObject({ of: { kind: 'future-in', container: { type: 'DATABASE', name: ['D'] } } });
  });

  it('reads USE x as a database and USE x.y as a schema', () => {
    expect(parse('USE tapestry')).toEqual({ kind: 'use', objectType: 'DATABASE', name: ['TAPESTRY'] });
    expect(parse('USE tapestry.raw')).toEqual({ kind: 'use', objectType: 'SCHEMA', name: ['TAPESTRY', 'RAW'] });
  });

  it('parses the SELECT shapes Tapestry uses', () => {
    expect(parse("select count(*) from db.information_schema.tables where table_schema = 'RAW' and row_count in (1, 2) order by table_name desc limit 5")).toMatchObject({
      kind: 'select',
      items: [{ label: 'COUNT(*)', expression: { kind: 'function', name: 'COUNT', star: true } }],
      from: ['DB', 'INFORMATION_SCHEMA', 'TABLES'],
      where: [
        { kind: 'compare', op: '=', left: { kind: 'column', name: 'TABLE_SCHEMA' }, right: { kind: 'literal', value: { kind: 'string', value: 'RAW' } } },
        { kind: 'in', negated: false },
      ],
      orderBy: [{ descending: true }],
      limit: 5,
    });
    expect(parse('SELECT CURRENT_VERSION(), 1 AS one, current_timestamp')).toMatchObject({
      items: [{ label: 'CURRENT_VERSION()' }, { alias: 'ONE' }, { expression: { kind: 'function', name: 'CURRENT_TIMESTAMP' } }],
    });
  });
});

describe('binds', () => {
  it('fills ? in order and :n by number, as literals of their bound type', () => {
    const statement = parse('CREATE USER u PASSWORD = ? DEFAULT_ROLE = :2 COMMENT = ?', {
      1: { type: 'TEXT', value: 's3cret' },
      2: { type: 'TEXT', value: 'analyst' },
    });
    expect(statement.kind === 'create' && statement.properties.get('PASSWORD')).toEqual({ kind: 'string', value: 's3cret' });
    expect(statement.kind === 'create' && statement.properties.get('DEFAULT_ROLE')).toEqual({ kind: 'string', value: 'analyst' });
    expect(statement.kind === 'create' && statement.properties.get('COMMENT')).toEqual({ kind: 'string', value: 'analyst' });
  });

  it('expands array binds into rows for INSERT', () => {
    expect(parse('INSERT INTO t (a, b) VALUES (?, ?)', { 1: { type: 'FIXED', value: ['1', '2'] }, 2: { type: 'TEXT', value: ['x', null] } })).toMatchObject({
      rows: [
        [{ kind: 'number', value: '1' }, { kind: 'string', value: 'x' }],
        [{ kind: 'number', value: '2' }, { kind: 'null' }],
      ],
    });
  });

  it('reports a missing bind with 002049', () => {
    expect(error(() => parse('SELECT ?'))).toMatchObject({ code: '002049', sqlState: '42601' });
  });
});

describe('unsupported versus invalid', () => {
  it('answers real but unsupported statements with 000002, not a syntax error', () => {
    for (const sql of ['MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE', 'CREATE STAGE s', 'SELECT a FROM t JOIN u ON t.id = u.id', 'SHOW PARAMETERS', 'COPY INTO t FROM @s']) {
      const caught = error(() => parse(sql));
      expect(caught.code, sql).toBe('000002');
      expect(caught.sqlState, sql).toBe('0A000');
    }
    expect(error(() => parse('FROB the warehouse')).code).toBe('001003');
  });

  it('masks passwords in logged statement text', () => {
    expect(maskSecrets("CREATE USER u PASSWORD = 'it''s secret' DEFAULT_ROLE = r")).toBe("CREATE USER u PASSWORD = '****' DEFAULT_ROLE = r");
    expect(maskSecrets('ALTER USER u SET password=$$x$$')).toBe("ALTER USER u SET password='****'");
  });
});
