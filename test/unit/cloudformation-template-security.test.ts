// What a careful SRE checks in the pipeline stack before pointing it at a production account:
// no SSH and nothing open to the internet, secrets only through Secrets Manager (never in the
// template, its parameters or a container's environment), IAM grants on this stack's own
// resources, IMDSv2, encryption at rest, and Airbyte installed at pinned versions.
import { describe, expect, it } from 'vitest';
import { ABCTL_VERSION, AIRBYTE_CHART_VERSION, buildStackTemplate, EXAMPLE_STACK_INPUT, SECRET_PARAMETER_KEYS, type StackInput } from '@/infra/cloudformation/template';
import { DEFAULT_INFRASTRUCTURE } from '@/lib/pipeline/infrastructure';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; CreationPolicy?: unknown };

const input: StackInput = { ...EXAMPLE_STACK_INPUT, infrastructure: { ...DEFAULT_INFRASTRUCTURE, controlPlaneCidr: '203.0.113.10/32' } };
const built = buildStackTemplate(input, { warehousePasswordParameter: true });
const resources = built.template.Resources as Record<string, Resource>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** Every ingress rule of the stack: inline on groups and stand-alone SecurityGroupIngress resources. */
function ingressRules(): Record<string, unknown>[] {
  const inline = ofType('AWS::EC2::SecurityGroup').flatMap(([, r]) => (r.Properties.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? []);
  return [...inline, ...ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties)];
}

function policyStatements(): { role: string; statement: Record<string, unknown> }[] {
  return ofType('AWS::IAM::Role').flatMap(([role, r]) =>
    (r.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[]).flatMap((p) => p.PolicyDocument.Statement.map((statement) => ({ role, statement }))),
  );
}

describe('network exposure', () => {
  it('opens no port to 0.0.0.0/0 or ::/0 and nothing at all on port 22', () => {
    const rules = ingressRules();
    expect(rules.length).toBe(5);
    for (const rule of rules) {
      expect(rule.CidrIp, JSON.stringify(rule)).not.toBe('0.0.0.0/0');
      expect(rule.CidrIpv6).toBeUndefined();
      const [from, to] = [Number(rule.FromPort), Number(rule.ToPort)];
      expect(from <= 22 && 22 <= to, JSON.stringify(rule)).toBe(false);
      expect(rule.IpProtocol).toBe('tcp');
    }
    expect(built.body).not.toContain('"CidrIp": "0.0.0.0/0"');
  });

  it('lets only the control plane reach Airbyte (8000) and the load balancer (80); the rest only from security groups', () => {
    const fromCidr = ingressRules().filter((r) => r.CidrIp !== undefined);
    expect(fromCidr.map((r) => [r.FromPort, r.CidrIp])).toEqual([
      [8000, { Ref: 'ControlPlaneCidr' }],
      [80, { Ref: 'ControlPlaneCidr' }],
    ]);
    expect(ingressRules().filter((r) => r.CidrIp === undefined).every((r) => r.SourceSecurityGroupId !== undefined)).toBe(true);
    expect(resources.GrouparooLoadBalancer?.Properties.Scheme).toBe('internal');
    expect(resources.AirbyteInstance?.Properties).not.toHaveProperty('KeyName');
    expect(JSON.stringify(resources.AirbyteInstance)).not.toContain('AssociatePublicIpAddress');
  });

  it('refuses a /0 control-plane CIDR, and the parameter itself refuses one too', () => {
    expect(() => buildStackTemplate({ ...input, infrastructure: { ...input.infrastructure, controlPlaneCidr: '0.0.0.0/0' } }, { warehousePasswordParameter: false })).toThrow(/narrower than the whole internet/);
    const declaration = (built.template.Parameters as Record<string, { AllowedPattern: string }>).ControlPlaneCidr;
    const pattern = new RegExp(`^(?:${declaration?.AllowedPattern})$`);
    expect(pattern.test('203.0.113.10/32')).toBe(true);
    expect(pattern.test('0.0.0.0/0')).toBe(false);
  });
});

describe('secrets', () => {
  it('passes the warehouse password only as a NoEcho parameter into Secrets Manager, masked in the parameter list', () => {
    const declaration = (built.template.Parameters as Record<string, { NoEcho?: boolean }>).WarehousePassword;
    expect(declaration?.NoEcho).toBe(true);
    expect(SECRET_PARAMETER_KEYS).toEqual(['WarehousePassword']);
    expect(built.parameters.find((p) => p.key === 'WarehousePassword')).toMatchObject({ value: '****', noEcho: true });
    expect(built.parameters.filter((p) => p.noEcho).map((p) => p.key)).toEqual(['WarehousePassword']);
    const usages = built.deployBody.match(/\{"Ref":"WarehousePassword"\}/g) ?? [];
    expect(usages).toHaveLength(1);
    expect(resources.WarehousePasswordSecret?.Properties.SecretString).toEqual({ Ref: 'WarehousePassword' });
  });

  it('gives containers no secret in Environment: passwords, tokens and the Redis AUTH token come from Secrets', () => {
    for (const [id, r] of ofType('AWS::ECS::TaskDefinition')) {
      for (const container of r.Properties.ContainerDefinitions as { Environment: { Name: string }[]; Secrets: { Name: string; ValueFrom: unknown }[] }[]) {
        expect(container.Environment.filter((e) => /PASS|SECRET|TOKEN|KEY|CREDENTIAL/i.test(e.Name)), id).toEqual([]);
        for (const secret of container.Secrets) expect(JSON.stringify(secret.ValueFrom), `${id} ${secret.Name}`).toMatch(/Secret\b|Secret\}/);
      }
    }
    const grouparoo = (resources.GrouparooWorkerTaskDefinition?.Properties.ContainerDefinitions as { Secrets: { Name: string }[] }[])[0];
    expect(grouparoo?.Secrets.map((s) => s.Name)).toEqual(['DB_USER', 'DB_PASS', 'REDIS_PASS', 'SERVER_TOKEN']);
  });

  it('hands the database password and Redis AUTH token to AWS through dynamic references, never as text', () => {
    expect(resources.GrouparooDatabase?.Properties.MasterUserPassword).toEqual({ 'Fn::Sub': '{{resolve:secretsmanager:${DatabaseSecret}::password}}' });
    expect(resources.GrouparooRedis?.Properties.AuthToken).toEqual({ 'Fn::Sub': '{{resolve:secretsmanager:${RedisAuthTokenSecret}}}' });
    for (const [id, r] of ofType('AWS::SecretsManager::Secret')) {
      const value = r.Properties.SecretString;
      expect(value === undefined || JSON.stringify(value) === '{"Ref":"WarehousePassword"}', id).toBe(true);
    }
  });

  it('reads the Airbyte admin password at boot and keeps abctl’s credential output out of the log', () => {
    const script = (resources.AirbyteInstance?.Properties.UserData as { 'Fn::Base64': { 'Fn::Sub': string } })['Fn::Base64']['Fn::Sub'];
    expect(script).toContain("aws secretsmanager get-secret-value --region '${AWS::Region}' --secret-id '${AirbyteAdminSecret}'");
    expect(script).toContain('abctl local credentials --password "$ADMIN_PASSWORD" >/dev/null 2>&1');
    expect(script).not.toMatch(/set -x|--password [^"]/);
  });
});

describe('IAM', () => {
  it('grants no wildcard action, and "*" resources only where the action has no resource-level permissions', () => {
    const statements = policyStatements();
    expect(statements.length).toBeGreaterThan(8);
    for (const { role, statement } of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of statement.Action as string[]) expect(action, role).not.toMatch(/\*/);
      if (statement.Resource === '*' || JSON.stringify(statement.Resource).includes('"*"')) {
        expect(statement.Action, role).toEqual(['cloudwatch:PutMetricData']);
        expect(statement.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'CWAgent' } });
      }
    }
  });

  it('limits each role to its own secrets and log groups, and the Airbyte host to Session Manager and its staging prefix', () => {
    const grants = (role: string, action: string) =>
      policyStatements()
        .filter((s) => s.role === role && (s.statement.Action as string[]).includes(action))
        .flatMap((s) => s.statement.Resource as unknown[]);
    expect(grants('GrouparooExecutionRole', 'secretsmanager:GetSecretValue')).toEqual([{ Ref: 'DatabaseSecret' }, { Ref: 'RedisAuthTokenSecret' }, { Ref: 'GrouparooServerTokenSecret' }]);
    expect(grants('DbtExecutionRole', 'secretsmanager:GetSecretValue')).toEqual([{ Ref: 'WarehousePasswordSecret' }]);
    expect(grants('AirbyteHostRole', 'secretsmanager:GetSecretValue')).toEqual([{ Ref: 'AirbyteAdminSecret' }]);
    expect(grants('GrouparooExecutionRole', 'logs:PutLogEvents')).toEqual([{ 'Fn::GetAtt': ['GrouparooWebLogGroup', 'Arn'] }, { 'Fn::GetAtt': ['GrouparooWorkerLogGroup', 'Arn'] }]);
    expect(grants('AirbyteHostRole', 's3:PutObject')).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['StagingBucket', 'Arn'] }, '/airbyte/*']] }]);
    expect(grants('DbtTaskRole', 's3:GetObject')).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['StagingBucket', 'Arn'] }, '/dbt/*']] }]);
    expect(resources.AirbyteHostRole?.Properties.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore' }]);
    // Grouparoo calls no AWS API: its tasks get no role at all.
    expect(resources.GrouparooWebTaskDefinition?.Properties.TaskRoleArn).toBeUndefined();
  });
});

describe('the Airbyte host and the data at rest', () => {
  it('requires IMDSv2, monitors in detail, encrypts its gp3 root volume and waits for the install to signal', () => {
    const p = resources.AirbyteInstance?.Properties ?? {};
    expect(p.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpEndpoint: 'enabled' });
    expect(p.Monitoring).toBe(true);
    expect(p.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3', VolumeSize: { Ref: 'AirbyteVolumeGiB' }, Encrypted: true, DeleteOnTermination: true } }]);
    expect(resources.AirbyteInstance?.CreationPolicy).toEqual({ ResourceSignal: { Count: 1, Timeout: 'PT45M' } });
  });

  it('installs abctl from its pinned GitHub release, checks it, and installs a pinned chart on port 8000', () => {
    const script = JSON.stringify(resources.AirbyteInstance?.Properties.UserData);
    expect(script).toContain(`https://github.com/airbytehq/abctl/releases/download/${ABCTL_VERSION}/abctl-${ABCTL_VERSION}-linux-amd64.tar.gz`);
    expect(script).toContain('sha256sum --check --ignore-missing');
    expect(script).toContain(`abctl local install --port 8000 --chart-version ${AIRBYTE_CHART_VERSION} --no-browser`);
    // Nothing piped from the network into a shell (`curl … | bash`, the unpinned installer).
    expect(script).not.toMatch(/\|\s*(sudo\s+)?(ba)?sh\b/);
  });

  it('keeps the bucket private, encrypted, versioned and TLS-only, and the database private, encrypted and snapshotted', () => {
    const bucket = resources.StagingBucket?.Properties ?? {};
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
    expect(JSON.stringify(resources.StagingBucketPolicy)).toContain('"aws:SecureTransport":"false"');
    expect(resources.GrouparooDatabase).toMatchObject({ DeletionPolicy: 'Snapshot', Properties: { StorageEncrypted: true, PubliclyAccessible: false, DeletionProtection: false } });
    expect(resources.GrouparooRedis?.Properties).toMatchObject({ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true });
  });
});
