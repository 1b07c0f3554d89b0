// STS in the AWS stand-in (awsQuery, version 2011-06-15), and the sandbox's notion of *who is calling*,
// which every AWS service of the stand-in shares.
//
// Who is calling: signatures are not checked, but the access key id in the request's credential scope
// is read, so different keys look like different accounts (the account id is derived from the key and
// stable). Keys that make the product's "Test connection" failure classes reproducible:
//   AKIAINVALID…   every call fails as with an unknown key (STS, CloudFormation, CloudWatch:
//                  `InvalidClientTokenId` 403; EC2: `AuthFailure` 401; ECS: `UnrecognizedClientException`)
//   AKIADENIED…    the key is valid (GetCallerIdentity answers) but the user has no permissions: every
//                  other call is refused (`AccessDenied`, EC2 `UnauthorizedOperation`, ECS `AccessDeniedException`)
//   ASIA…          temporary keys from AssumeRole; unknown ones are invalid, expired ones `ExpiredToken`
// A request without credentials counts as the sandbox's own key (SANDBOX_ACCESS_KEY_ID).
//
// Operations: GetCallerIdentity, AssumeRole.
//
// Control routes:
//   GET    /__sandbox/sts/auth-failures   the forced failures still pending
//   POST   /__sandbox/sts/auth-failures   {failure, services?, actions?, times?} forces a failure class on
//          the next calls: failure = invalid-key | signature | expired | denied; services = signing names
//          (sts, cloudformation, ec2, monitoring, ecs), absent = all; times absent = until cleared
//   DELETE /__sandbox/sts/auth-failures   clears them
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { jsonResponse, type ProtocolAdapter, type StandInRequest, type StandInResponse } from '../core/stand-in-server';
import type { Clock } from '../core/world';
import { AwsError, required, toXml, type JsonService, type Params, type QueryService } from './protocol';

/** The key `npm run sandbox` hands the app (see infra/local/sandbox.ts). */
export const SANDBOX_ACCESS_KEY_ID = 'AKIASANDBOX000000001';

const callerStore = new AsyncLocalStorage<{ accessKeyId: string }>();

/** `AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/sts/aws4_request, …` → `AKID`. */
function accessKeyOf(request: StandInRequest): string {
  const auth = String(request.headers.authorization ?? '');
  return /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? request.query.get('X-Amz-Credential')?.split('/')[0] ?? SANDBOX_ACCESS_KEY_ID;
}

/** Runs every request of an adapter with its caller's access key at hand (services only see action and params). */
export function withCaller(adapter: ProtocolAdapter): ProtocolAdapter {
  return { ...adapter, handle: (request) => callerStore.run({ accessKeyId: accessKeyOf(request) }, () => adapter.handle(request)) };
}

function currentAccessKey(): string {
  return callerStore.getStore()?.accessKeyId ?? SANDBOX_ACCESS_KEY_ID;
}

function digits(seed: string, count: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return (BigInt(`0x${hex.slice(0, 24)}`) % 10n ** BigInt(count)).toString().padStart(count, '0');
}

function idChars(seed: string, count: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from(bytes.subarray(0, count), (b) => alphabet[b % 32]).join('');
}

/** A stable 12-digit account id for a long-term access key. */
export function accountIdFor(accessKeyId: string): string {
  return digits(`account:${accessKeyId}`, 12);
}

type FailureClass = 'invalid-key' | 'signature' | 'expired' | 'denied';

const forcedFailureSchema = z
  .object({
    failure: z.enum(['invalid-key', 'signature', 'expired', 'denied']),
    services: z.array(z.enum(['sts', 'cloudformation', 'ec2', 'monitoring', 'ecs'])).min(1).optional(),
    actions: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();

type ForcedFailure = z.output<typeof forcedFailureSchema>;

interface Identity {
  account: string;
  arn: string;
  userId: string;
  /** No permissions at all (an `AKIADENIED…` key). */
  powerless: boolean;
}

interface RoleSession {
  identity: Identity;
  expiresAt: number;
}

/** What STS keeps, for the state file: the role sessions it issued and the failures still forced. */
export interface IdentitiesSnapshot {
  sessions: Map<string, RoleSession>;
  forced: ForcedFailure[];
}

const SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
const EXPIRED_MESSAGE = 'The security token included in the request is expired';

/** IAM's prefix for each signing name, for permission messages. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch' };

/** Each service's own answer to a failure class (codes and statuses as the real endpoints send them). */
function failureError(failure: FailureClass, signingName: string, action: string, arn: string): AwsError {
  const permission = `${IAM_PREFIX[signingName] ?? signingName}:${action}`;
  const because = `because no identity-based policy allows the ${permission} action`;
  switch (failure) {
    case 'invalid-key':
      if (signingName === 'ec2') return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      if (signingName === 'ecs') return new AwsError('UnrecognizedClientException', INVALID_TOKEN_MESSAGE, 400);
      return new AwsError('InvalidClientTokenId', INVALID_TOKEN_MESSAGE, 403);
    case 'signature':
      return signingName === 'ecs'
        ? new AwsError('InvalidSignatureException', SIGNATURE_MESSAGE, 400)
        : new AwsError('SignatureDoesNotMatch', SIGNATURE_MESSAGE, 403);
    case 'expired':
      if (signingName === 'ec2') return new AwsError('RequestExpired', 'Request has expired.', 400);
      if (signingName === 'ecs') return new AwsError('ExpiredTokenException', EXPIRED_MESSAGE, 400);
      return new AwsError('ExpiredToken', EXPIRED_MESSAGE, 400);
    case 'denied':
      if (signingName === 'ec2') {
        return new AwsError('UnauthorizedOperation', `You are not authorized to perform this operation. User: ${arn} is not authorized to perform: ${permission} ${because}`, 403);
      }
      if (signingName === 'ecs') return new AwsError('AccessDeniedException', `User: ${arn} is not authorized to perform: ${permission} ${because}`, 400);
      return new AwsError('AccessDenied', `User: ${arn} is not authorized to perform: ${permission} ${because}`, 403);
  }
}

/**
 * The callers the AWS stand-in knows: long-term keys (any `AKIA…` key is a user `sandbox` of its own
 * account), the role sessions AssumeRole handed out, and the failures forced through the control route.
 */
export class SandboxIdentities {
  private readonly sessions = new Map<string, RoleSession>();
  private forced: ForcedFailure[] = [];

  constructor(
    private readonly clock: Clock,
    /** Pinned accounts for particular keys (the sandbox's own key → the stand-in's account id). */
    private readonly accounts: Record<string, string> = {},
  ) {}

  snapshot(): IdentitiesSnapshot {
    return { sessions: this.sessions, forced: this.forced };
  }

  /** Takes over saved sessions (temporary keys keep working, or keep answering ExpiredToken) and forced failures. */
  restore(saved: IdentitiesSnapshot): void {
    for (const [key, session] of saved.sessions) this.sessions.set(key, session);
    this.forced = saved.forced;
  }

  accountFor(accessKeyId: string): string {
    return this.accounts[accessKeyId] ?? accountIdFor(accessKeyId);
  }

  /** The calling identity, or the failure class its key implies. */
  resolve(accessKeyId: string): Identity | FailureClass {
    if (accessKeyId.startsWith('AKIAINVALID')) return 'invalid-key';
    if (accessKeyId.startsWith('ASIA')) {
      const session = this.sessions.get(accessKeyId);
      if (!session) return 'invalid-key';
      return this.clock.now() >= session.expiresAt ? 'expired' : session.identity;
    }
    const account = this.accountFor(accessKeyId);
    return { account, arn: `arn:aws:iam::${account}:user/sandbox`, userId: `AIDA${idChars(`user:${accessKeyId}`, 17)}`, powerless: accessKeyId.startsWith('AKIADENIED') };
  }

  /** The account of the current request's caller (for ARNs and owner ids). */
  currentAccount(): string {
    const identity = this.resolve(currentAccessKey());
    return typeof identity === 'string' ? this.accountFor(SANDBOX_ACCESS_KEY_ID) : identity.account;
  }

  /** Throws the service's own error when the current caller may not make this call. */
  check(signingName: string, action: string): Identity {
    const identity = this.resolve(currentAccessKey());
    const arn = typeof identity === 'string' ? `arn:aws:iam::${this.accountFor(SANDBOX_ACCESS_KEY_ID)}:user/sandbox` : identity.arn;
    const forced = this.takeForced(signingName, action);
    if (forced) throw failureError(forced, signingName, action, arn);
    if (typeof identity === 'string') throw failureError(identity, signingName, action, arn);
    if (identity.powerless && action !== 'GetCallerIdentity') throw failureError('denied', signingName, action, arn);
    return identity;
  }

  private takeForced(signingName: string, action: string): FailureClass | undefined {
    const rule = this.forced.find(
      (r) => (!r.services || r.services.includes(signingName as never)) && (!r.actions || r.actions.includes(action)),
    );
    if (!rule) return undefined;
    // GetCallerIdentity needs no permission, so a forced "denied" never refuses it (as AWS never does).
    if (rule.failure === 'denied' && action === 'GetCallerIdentity') return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times === 0) this.forced = this.forced.filter((r) => r !== rule);
    }
    return rule.failure;
  }

  assumeRole(caller: Identity, roleArn: string, sessionName: string, durationSeconds: number) {
    const match = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn);
    if (!match) throw new AwsError('ValidationError', `${roleArn} is invalid`);
    const [, account = '', roleName = ''] = match;
    const accessKeyId = `ASIA${idChars(`session:${roleArn}:${sessionName}:${randomBytes(8).toString('hex')}`, 16)}`;
    const roleId = `AROA${idChars(`role:${roleArn}`, 17)}`;
    const identity: Identity = {
      account,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      powerless: caller.powerless,
    };
    const expiresAt = this.clock.now() + durationSeconds * 1000;
    this.sessions.set(accessKeyId, { identity, expiresAt });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(30).toString('base64'),
        SessionToken: randomBytes(96).toString('base64'),
        Expiration: new Date(expiresAt),
      },
      AssumedRoleUser: { AssumedRoleId: identity.userId, Arn: identity.arn },
      PackedPolicySize: 0,
    };
  }

  async control(request: StandInRequest): Promise<StandInResponse | undefined> {
    if (request.path !== '/__sandbox/sts/auth-failures') return undefined;
    if (request.method === 'GET') return jsonResponse(200, { failures: this.forced });
    if (request.method === 'DELETE') {
      this.forced = [];
      return { status: 204 };
    }
    if (request.method !== 'POST') return jsonResponse(405, { message: 'use GET, POST or DELETE' });
    let body: unknown;
    try {
      body = request.json();
    } catch {
      return jsonResponse(400, { message: 'the body is not valid JSON' });
    }
    const parsed = forcedFailureSchema.safeParse(body);
    if (!parsed.success) return jsonResponse(400, { message: 'invalid failure rule', issues: parsed.error.issues });
    this.forced.push(parsed.data);
    return jsonResponse(201, { failures: this.forced });
  }
}

/** The same service, refusing callers the way AWS does before it looks at the request. */
export function guarded<S extends QueryService | JsonService>(service: S, identities: SandboxIdentities): S {
  return {
    ...service,
    handle: (action: string, input: never) => {
      identities.check(service.signingName, action);
      return service.handle(action, input);
    },
  };
}

function assumeRoleInput(params: Params) {
  const roleArn = required(params, 'RoleArn');
  const sessionName = required(params, 'RoleSessionName');
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  const duration = Number(params.DurationSeconds ?? 3600);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${params.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
  return { roleArn, sessionName, duration };
}

export function createStsService(identities: SandboxIdentities): QueryService {
  return {
    version: '2011-06-15',
    signingName: 'sts',
    flavour: 'query',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    async handle(action, params) {
      const caller = identities.check('sts', action);
      if (action === 'GetCallerIdentity') return toXml({ UserId: caller.userId, Account: caller.account, Arn: caller.arn });
      if (action === 'AssumeRole') {
        const { roleArn, sessionName, duration } = assumeRoleInput(params);
        return toXml(identities.assumeRole(caller, roleArn, sessionName, duration));
      }
      throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    },
    control: (request) => identities.control(request),
  };
}
