// Grouparoo as two Fargate services from one image: web (the API and UI, behind the internal
// load balancer) and worker (imports, exports and schedules; GrouparooWorkerCount tasks). Both
// read their database and Redis settings from Environment and every secret (database user and
// password, Redis AUTH token, SERVER_TOKEN) from Secrets Manager. The tasks get no task role:
// Grouparoo calls no AWS API.
import { GROUPAROO_DATABASE, GROUPAROO_IMAGE, GROUPAROO_PORT, GROUPAROO_WORKERS_PER_TASK } from './versions';
import { fargateService, fargateTaskDefinition } from './ecs';
import { LISTENER, LOAD_BALANCER, TARGET_GROUP } from './grouparoo-load-balancer';
import { DATABASE, REDIS } from './grouparoo-stores';
import { groupId, SG } from './security-groups';
import { readSecrets, role, writeLogs } from './iam';
import { ref, getAtt, sub } from './fn';
import { secretKey, SECRET } from './secrets';
import { LOGS } from './log-groups';
import { PARAM } from './parameters';
import type { BuildContext, Resources, TemplateValue } from './types';

const EXECUTION_ROLE = 'GrouparooExecutionRole';
export const GROUPAROO_SERVICES = { web: 'GrouparooWebService', worker: 'GrouparooWorkerService' } as const;
const CONTAINER = 'grouparoo';

function environment(web: boolean): Record<string, TemplateValue> {
  return {
    NODE_ENV: 'production',
    WEB_SERVER: web ? 'true' : 'false',
    WORKERS: web ? '0' : String(GROUPAROO_WORKERS_PER_TASK),
    PORT: String(GROUPAROO_PORT),
    WEB_URL: sub(`http://\${${LOAD_BALANCER}.DNSName}`),
    DB_DIALECT: 'postgres',
    DB_HOST: getAtt(DATABASE, 'Endpoint.Address'),
    DB_PORT: getAtt(DATABASE, 'Endpoint.Port'),
    DB_DATABASE: GROUPAROO_DATABASE.name,
    // RDS for PostgreSQL 15+ accepts TLS connections only. Grouparoo's switch for that encrypts
    // without verifying the server certificate (its image carries no RDS CA bundle).
    DATABASE_SSL_SELF_SIGNED: 'true',
    REDIS_HOST: getAtt(REDIS, 'PrimaryEndPoint.Address'),
    REDIS_PORT: getAtt(REDIS, 'PrimaryEndPoint.Port'),
    REDIS_SSL: 'true',
    GROUPAROO_TELEMETRY_ENABLED: 'false',
    GROUPAROO_LOGS_STDOUT_DISABLE_COLOR: 'true',
  };
}

const SECRETS: Record<string, TemplateValue> = {
  DB_USER: secretKey(SECRET.database, 'username'),
  DB_PASS: secretKey(SECRET.database, 'password'),
  REDIS_PASS: ref(SECRET.redisAuth),
  SERVER_TOKEN: ref(SECRET.grouparooServerToken),
};

function roleResources(ctx: BuildContext, web: boolean): Resources {
  const part = web ? 'web' : 'worker';
  const title = web ? 'Web' : 'Worker';
  const taskDefinition = `Grouparoo${title}TaskDefinition`;
  return {
    [taskDefinition]: fargateTaskDefinition(ctx, {
      familyPart: `grouparoo-${part}`,
      cpu: ref(web ? PARAM.grouparooWebCpu : PARAM.grouparooWorkerCpu),
      memory: ref(web ? PARAM.grouparooWebMemory : PARAM.grouparooWorkerMemory),
      executionRoleId: EXECUTION_ROLE,
      container: {
        name: CONTAINER,
        image: GROUPAROO_IMAGE,
        logGroupId: web ? LOGS.grouparooWeb : LOGS.grouparooWorker,
        environment: environment(web),
        secrets: SECRETS,
        ...(web ? { port: GROUPAROO_PORT } : {}),
      },
      purpose: `Grouparoo ${part} task (size from parameters; secrets from Secrets Manager)`,
    }),
    [web ? GROUPAROO_SERVICES.web : GROUPAROO_SERVICES.worker]: fargateService(ctx, {
      namePart: `grouparoo-${part}`,
      taskDefinitionId: taskDefinition,
      desiredCount: web ? 1 : ref(PARAM.grouparooWorkerCount),
      securityGroup: groupId(SG.grouparooTasks),
      ...(web ? { loadBalancer: { containerName: CONTAINER, port: GROUPAROO_PORT, targetGroupId: TARGET_GROUP, listenerId: LISTENER } } : {}),
      purpose: web ? 'Grouparoo web service (behind the load balancer)' : 'Grouparoo worker service (count from a parameter)',
    }),
  };
}

export function grouparooServiceResources(ctx: BuildContext): Resources {
  return {
    [EXECUTION_ROLE]: role({
      service: 'ecs-tasks.amazonaws.com',
      description: 'Starts Grouparoo tasks: its three secrets and its two log groups',
      policyName: 'grouparoo-task-execution',
      statements: [readSecrets([SECRET.database, SECRET.redisAuth, SECRET.grouparooServerToken]), writeLogs([LOGS.grouparooWeb, LOGS.grouparooWorker])],
      purpose: 'Grouparoo task execution role: exactly its secrets and log groups',
    }),
    ...roleResources(ctx, true),
    ...roleResources(ctx, false),
  };
}
