import 'server-only';
// Where a deployment's services are and with which credentials. The same steps drive the sandbox
// and a real AWS account; only this differs. In the sandbox every service is a local stand-in
// (or the local Grouparoo) named by the sandbox descriptor, and the stack's outputs describe
// simulated resources. On AWS, CloudFormation is AWS's own endpoint with the pipeline's access
// key; Airbyte and Grouparoo will be reached at the addresses the stack outputs give once Tapestry
// reads their credentials from the stack's Secrets Manager secrets (not yet: those steps say so).
import type { AirbyteConfig } from '@/lib/integrations/airbyte/client';
import type { AwsCredentialsConfig } from '@/lib/integrations/aws/sts-client';
import { sandboxConnection, type SandboxConnection } from '@/lib/integrations/sandbox';
import { AppError } from '@/lib/errors';
import type { PipelineSpec } from '@/lib/pipeline/spec';
import { revealForIntegration } from '@/lib/secrets/reveal';
import { ensureGeneratedCredential } from '@/lib/secrets/generated-credentials';
import { StepFailure, type DeploymentFacts } from './step-types';

export interface DeployEnvironment {
  target: 'sandbox' | 'aws';
  region: string;
  aws(): Promise<AwsCredentialsConfig>;
  /** Airbyte's API; on AWS from the stack outputs. */
  airbyte(outputs: Record<string, string>): Promise<AirbyteConfig>;
  dbtCloud(spec: PipelineSpec): Promise<{ baseUrl: string; accountId: number; apiToken: string }>;
  /** Undefined when the sandbox runs without Grouparoo (TAPESTRY_GROUPAROO=off). */
  grouparoo(outputs: Record<string, string>): Promise<{ baseUrl: string; apiKey: string } | undefined>;
  /** A credential's value by name (for connector configurations). */
  secret(name: string): Promise<string>;
  /** A secret Tapestry generates for this pipeline on first use and keeps. */
  generated(name: string, kind: 'POSTGRES_PASSWORD' | 'SNOWFLAKE_PASSWORD' | 'GENERIC'): Promise<string>;
  /** Every secret value handed out so far, to scrub from anything stored or shown. */
  readonly revealed: string[];
}

function requireSandbox(): SandboxConnection {
  const sandbox = sandboxConnection();
  if (!sandbox) {
    throw new AppError('CONFLICT', 'The local sandbox is not running: start Tapestry with `npm start` (it starts the sandbox beside the app) and retry.');
  }
  return sandbox;
}

function notYetOnAws(service: string, where: string | undefined): never {
  throw new StepFailure(
    `${service} on AWS is not reachable from Tapestry yet`,
    `The stack is up, but Tapestry cannot yet read the credentials ${service} uses there${where ? ` (${where})` : ''}.`,
    'Deploy to the sandbox to try the whole pipeline; on AWS, configure this service by hand from the stack outputs for now.',
    'NOT_SUPPORTED_YET',
  );
}

export function deployEnvironment(d: DeploymentFacts): DeployEnvironment {
  const revealed: string[] = [];
  const keep = (value: string) => {
    revealed.push(value);
    return value;
  };
  const secret = async (name: string) => keep((await revealForIntegration(d.orgId, name)).value);
  const generated = async (name: string, kind: 'POSTGRES_PASSWORD' | 'SNOWFLAKE_PASSWORD' | 'GENERIC') =>
    keep(await ensureGeneratedCredential({ orgId: d.orgId, pipelineId: d.pipelineId, deploymentId: d.id, name, kind }));
  const target = d.spec.target;

  if (target.kind === 'sandbox') {
    const sandbox = sandboxConnection();
    return {
      target: 'sandbox',
      region: sandbox?.aws.region ?? 'us-east-1',
      revealed,
      secret,
      generated,
      aws: async () => {
        const s = requireSandbox();
        return { region: s.aws.region, accessKeyId: s.aws.accessKeyId, secretAccessKey: keep(s.aws.secretAccessKey), endpoint: s.aws.url };
      },
      airbyte: async () => {
        const s = requireSandbox();
        return { baseUrl: s.airbyte.url, clientId: s.airbyte.clientId, clientSecret: keep(s.airbyte.clientSecret) };
      },
      dbtCloud: async () => {
        const s = requireSandbox();
        return { baseUrl: s.dbtCloud.url, accountId: s.dbtCloud.accountId, apiToken: keep(s.dbtCloud.apiToken) };
      },
      grouparoo: async () => {
        const s = requireSandbox();
        return s.grouparoo ? { baseUrl: s.grouparoo.url, apiKey: keep(s.grouparoo.apiKey) } : undefined;
      },
    };
  }

  return {
    target: 'aws',
    region: target.region,
    revealed,
    secret,
    generated,
    aws: async () => ({ region: target.region, accessKeyId: target.accessKeyId, secretAccessKey: await secret(target.credentials.secret) }),
    // The stack's Airbyte host writes its API client into a Secrets Manager secret and Grouparoo's
    // key is not provisioned yet: until Tapestry reads them, say so rather than guess credentials.
    airbyte: async (outputs) => notYetOnAws('Airbyte', outputs.AirbyteApplicationSecretArn),
    dbtCloud: async (spec) => {
      if (spec.transformation.kind !== 'dbt_cloud') throw new AppError('CONFLICT', 'This pipeline does not use dbt Cloud.');
      return { baseUrl: 'https://cloud.getdbt.com', accountId: Number(spec.transformation.accountId), apiToken: await secret(spec.transformation.apiToken.secret) };
    },
    grouparoo: async (outputs) => notYetOnAws('Grouparoo', outputs.GrouparooUrl),
  };
}

