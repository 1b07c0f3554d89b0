// POST /session/v1/login-request: checks the user's password (unknown users get the same 390100
// as a wrong password, so names cannot be probed), locks a user for 15 minutes after 5 failures
// in a row, refuses disabled users, and opens a session with the requested or default role,
// warehouse, database and schema. A role the user was not granted fails login (390189); a
// warehouse or database the role cannot use is simply left unset, as Snowflake does.
import { Access } from './access';
import type { Catalog, User } from './catalog';
import { loginErrors, type SnowflakeError } from './errors';
import { parseNameText } from './identifiers';
import { verifyPassword } from './passwords';
import type { IssuedTokens, ParameterValue, Session, SessionStore } from './sessions';

const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

export interface LoginRequest {
  loginName: string;
  password: string | undefined;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  sessionParameters: Record<string, unknown>;
}

/** A connection parameter names an object the way SQL would: bare = upper-cased, "quoted" = kept. */
function objectName(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  return parseNameText(text)?.join('.') ?? text;
}

/** The user for these credentials, or the login error Snowflake answers. */
export async function checkCredentials(catalog: Catalog, request: LoginRequest): Promise<User | SnowflakeError> {
  const login = request.loginName.toUpperCase();
  const user = [...catalog.users.values()].find((u) => u.loginName.toUpperCase() === login || u.name.toUpperCase() === login);
  if (user && user.lockedUntil !== null && user.lockedUntil > catalog.now()) return loginErrors.locked();
  // Unknown users and users without a password are checked too (against nothing), so an answer's
  // timing does not tell which names exist.
  const matches = await verifyPassword(request.password, user?.passwordHash ?? null);
  const now = catalog.now();
  if (!user || user.passwordHash === null) return loginErrors.incorrectPassword();
  if (!matches) {
    user.failedLogins += 1;
    if (user.failedLogins >= MAX_FAILURES) user.lockedUntil = now + LOCK_MS;
    return loginErrors.incorrectPassword();
  }
  if (user.disabled) return loginErrors.disabled();
  user.failedLogins = 0;
  user.lockedUntil = null;
  return user;
}

function usableWarehouse(catalog: Catalog, access: Access, name: string | undefined): string | null {
  if (!name || !catalog.warehouses.has(name)) return null;
  const securable = { type: 'WAREHOUSE' as const, path: [name] };
  return access.has(securable, 'USAGE') || access.has(securable, 'OPERATE') ? name : null;
}

/** Opens the session for an authenticated user, or answers 390189 for a role not granted. */
export function openSession(
  catalog: Catalog,
  sessions: SessionStore,
  user: User,
  request: LoginRequest,
): { session: Session; tokens: IssuedTokens } | SnowflakeError {
  const roles = catalog.availableRoles(user.name);
  const requestedRole = objectName(request.role);
  if (requestedRole !== undefined && (!catalog.roles.has(requestedRole) || !roles.has(requestedRole))) return loginErrors.roleNotGranted(requestedRole);
  const role = requestedRole ?? (user.defaultRole && roles.has(user.defaultRole) && catalog.roles.has(user.defaultRole) ? user.defaultRole : 'PUBLIC');
  const access = new Access(catalog, role);
  const [namespaceDb, namespaceSchema] = user.defaultNamespace ? (parseNameText(user.defaultNamespace) ?? []) : [];
  const databaseName = objectName(request.database) ?? namespaceDb;
  const database = databaseName && catalog.databases.has(databaseName) && access.has({ type: 'DATABASE', path: [databaseName] }, 'USAGE') ? databaseName : null;
  const schemaName = objectName(request.schema) ?? namespaceSchema ?? 'PUBLIC';
  const schema = database && catalog.findSchema(database, schemaName) && access.has({ type: 'SCHEMA', path: [database, schemaName] }, 'USAGE') ? schemaName : null;
  const parameters = new Map<string, ParameterValue>();
  for (const [key, value] of Object.entries(request.sessionParameters)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parameters.set(key.toUpperCase(), value);
  }
  user.lastSuccessLogin = catalog.now();
  return sessions.open({
    user: user.name,
    role,
    warehouse: usableWarehouse(catalog, access, objectName(request.warehouse) ?? user.defaultWarehouse ?? undefined),
    database,
    schema,
    parameters,
  });
}
