// GRANT / REVOKE of privileges (on the account, a warehouse, database, schema or table, on ALL or
// FUTURE objects in a container) and of roles (to roles and users), plus SHOW GRANTS and SHOW
// FUTURE GRANTS, which name the same targets.
import type { Container, ContainedType, GrantPrivilegesStatement, GrantRoleStatement, GrantTarget, ShowGrantsStatement } from './ast';
import type { Cursor } from './cursor';
import { errors } from './errors';

export function parseGrantOrRevoke(cursor: Cursor): GrantPrivilegesStatement | GrantRoleStatement {
  const verb = cursor.oneOf('GRANT', 'REVOKE') ?? cursor.fail();
  const grant = verb === 'GRANT';
  if (cursor.isWord('DATABASE', 'ROLE') || cursor.isWord('APPLICATION', 'ROLE')) throw errors.unsupported(`${verb} DATABASE ROLE`);
  if (cursor.acceptWord('ROLE')) {
    const role = cursor.identifier();
    cursor.expectWord(grant ? 'TO' : 'FROM');
    const type = cursor.oneOf('ROLE', 'USER') ?? cursor.fail();
    const name = cursor.identifier();
    cursor.end();
    return { kind: grant ? 'grant-role' : 'revoke-role', role, to: { type, name } };
  }
  const grantOptionOnly = !grant && cursor.acceptWord('GRANT', 'OPTION', 'FOR');
  if (grantOptionOnly) throw errors.unsupported('REVOKE GRANT OPTION FOR');
  const privileges = parsePrivileges(cursor);
  cursor.expectWord('ON');
  const target = parseTarget(cursor);
  cursor.expectWord(grant ? 'TO' : 'FROM');
  if (cursor.oneOf('SHARE', 'APPLICATION')) throw errors.unsupported(`${verb} … TO SHARE / APPLICATION`);
  if (cursor.isWord('DATABASE', 'ROLE')) throw errors.unsupported(`${verb} … TO DATABASE ROLE`);
  cursor.acceptWord('ROLE');
  const role = cursor.identifier();
  const withGrantOption = grant && cursor.acceptWord('WITH', 'GRANT', 'OPTION');
  if (privileges.includes('OWNERSHIP') && !cursor.acceptWord('COPY', 'CURRENT', 'GRANTS')) cursor.acceptWord('REVOKE', 'CURRENT', 'GRANTS');
  cursor.oneOf('CASCADE', 'RESTRICT');
  cursor.end();
  return { kind: grant ? 'grant-privileges' : 'revoke-privileges', privileges, target, role, withGrantOption };
}

/** `ALL [PRIVILEGES]` or a comma list of (possibly multi-word) privileges, upper-cased. */
function parsePrivileges(cursor: Cursor): string[] {
  if (cursor.acceptWord('ALL')) {
    cursor.acceptWord('PRIVILEGES');
    return ['ALL'];
  }
  const privileges: string[] = [];
  do {
    const words: string[] = [];
    while (cursor.peek().kind === 'word' && !cursor.isWord('ON')) words.push(cursor.next().value.toUpperCase());
    if (words.length === 0) cursor.fail();
    privileges.push(words.join(' '));
  } while (cursor.acceptSymbol(','));
  return privileges;
}

export function parseTarget(cursor: Cursor): GrantTarget {
  if (cursor.acceptWord('ACCOUNT')) return { kind: 'account' };
  const scope = cursor.oneOf('ALL', 'FUTURE');
  if (scope) {
    const plural = cursor.oneOf('TABLES', 'SCHEMAS', 'VIEWS');
    if (!plural) {
      const other = cursor.peek();
      if (other.kind === 'word') throw errors.unsupported(`${scope} ${other.value.toUpperCase()}`);
      return cursor.fail();
    }
    cursor.expectWord('IN');
    return { kind: scope === 'ALL' ? 'all' : 'future', objectType: plural.slice(0, -1) as ContainedType, container: parseContainer(cursor) };
  }
  const type = cursor.oneOf('WAREHOUSE', 'DATABASE', 'SCHEMA', 'TABLE');
  if (!type) {
    const other = cursor.peek();
    if (other.kind === 'word') throw errors.unsupported(`privileges on ${other.value.toUpperCase()}`);
    return cursor.fail();
  }
  return { kind: 'object', objectType: type, name: cursor.objectName() };
}

function parseContainer(cursor: Cursor): Container {
  const type = cursor.oneOf('DATABASE', 'SCHEMA') ?? cursor.fail();
  return { type, name: cursor.objectName() };
}

export function parseShowGrants(cursor: Cursor, future: boolean): ShowGrantsStatement {
  cursor.expectWord('GRANTS');
  let statement: ShowGrantsStatement;
  if (future) {
    if (cursor.acceptWord('IN')) statement = { kind: 'show-grants', of: { kind: 'future-in', container: parseContainer(cursor) } };
    else {
      cursor.expectWord('TO', 'ROLE');
      statement = { kind: 'show-grants', of: { kind: 'future-to-role', role: cursor.identifier() } };
    }
  } else if (cursor.acceptWord('TO')) {
    if (cursor.isWord('SHARE')) throw errors.unsupported('SHOW GRANTS TO SHARE');
    const type = cursor.oneOf('ROLE', 'USER') ?? cursor.fail();
    statement = type === 'ROLE' ? { kind: 'show-grants', of: { kind: 'to-role', role: cursor.identifier() } } : { kind: 'show-grants', of: { kind: 'to-user', user: cursor.identifier() } };
  } else if (cursor.acceptWord('OF')) {
    cursor.expectWord('ROLE');
    statement = { kind: 'show-grants', of: { kind: 'of-role', role: cursor.identifier() } };
  } else if (cursor.acceptWord('ON')) {
    const target = parseTarget(cursor);
    if (target.kind === 'all' || target.kind === 'future') cursor.fail(cursor.peek(-1));
    statement = { kind: 'show-grants', of: { kind: 'on', target } };
  } else {
    statement = { kind: 'show-grants', of: { kind: 'current-user' } };
  }
  cursor.end();
  return statement;
}
