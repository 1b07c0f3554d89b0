// The Airbyte host's first-boot script (an Fn::Sub text: `${Name}` is a template reference,
// `${!x}` a literal `${x}`; the shell parts avoid `${` otherwise). Installed the supported way:
// Docker, then abctl from its GitHub release at a pinned version (checked against the release's
// checksums), then `abctl local install` at a pinned chart version. Secrets never appear in the
// template or in the log (which is shipped to CloudWatch): the admin password is read from
// Secrets Manager at boot, and the API client Airbyte generates is written back there for
// Tapestry. The stack waits for the script's signal (CreationPolicy), so CREATE_COMPLETE means
// Airbyte is installed, and a failed install rolls the stack back with the reason in the log.
import { ABCTL_LINUX_AMD64_SHA256, ABCTL_VERSION, AIRBYTE_CHART_VERSION, AIRBYTE_PORT } from './versions';
import { LOGS } from './log-groups';
import { SECRET } from './secrets';

export const AIRBYTE_INSTANCE = 'AirbyteInstance';
const INSTALL_LOG = '/var/log/tapestry-airbyte-install.log';
/** abctl's kind node container and the namespace and secret its chart keeps the API client in. */
const KIND_NODE = 'airbyte-abctl-control-plane';

function cloudWatchAgentConfig(): string {
  const config = {
    agent: { metrics_collection_interval: 60 },
    metrics: {
      namespace: 'CWAgent',
      append_dimensions: { InstanceId: '${!aws:InstanceId}' },
      metrics_collected: { mem: { measurement: ['mem_used_percent'] }, disk: { measurement: ['used_percent'], resources: ['/'] } },
    },
    logs: { logs_collected: { files: { collect_list: [{ file_path: INSTALL_LOG, log_group_name: `\${${LOGS.airbyte}}`, log_stream_name: '{instance_id}/install' }] } } },
  };
  return JSON.stringify(config);
}

function abctlDownload(): string[] {
  const version = ABCTL_VERSION.replace(/^v/, '');
  const archive = `abctl-${ABCTL_VERSION}-linux-amd64`;
  const base = `https://github.com/airbytehq/abctl/releases/download/${ABCTL_VERSION}`;
  return [
    `# abctl ${ABCTL_VERSION}, pinned (not the get.airbyte.com script, which installs whatever is newest).`,
    'cd "$(mktemp -d)"',
    `curl -fsSLO --retry 5 ${base}/${archive}.tar.gz`,
    `curl -fsSLO --retry 5 ${base}/abctl_${version}_checksums.txt`,
    `sha256sum --check --ignore-missing abctl_${version}_checksums.txt`,
    ...(ABCTL_LINUX_AMD64_SHA256 ? [`echo '${ABCTL_LINUX_AMD64_SHA256}  ${archive}.tar.gz' | sha256sum --check`] : []),
    `tar -xzf ${archive}.tar.gz`,
    `install -m 0755 ${archive}/abctl /usr/local/bin/abctl`,
  ];
}

/** The script, as the text of an Fn::Sub. */
export function airbyteUserData(): string {
  const region = "--region '${AWS::Region}'";
  return [
    '#!/bin/bash',
    '# Airbyte host of Tapestry stack ${AWS::StackName}. Runs once, at first boot, as root.',
    // -E: the ERR trap (signal failure) also fires for a command failing inside a function.
    'set -Eeuo pipefail',
    `exec >>${INSTALL_LOG} 2>&1`,
    `report() { /opt/aws/bin/cfn-signal --exit-code "$1" --stack '\${AWS::StackName}' --resource ${AIRBYTE_INSTANCE} ${region} || true; }`,
    "trap 'report 1' ERR",
    'step() { echo "tapestry: $1"; }',
    'step "packages"',
    'dnf install -y docker amazon-cloudwatch-agent aws-cfn-bootstrap',
    'step "CloudWatch agent: memory and disk metrics, this log"',
    "cat >/opt/aws/amazon-cloudwatch-agent/etc/tapestry.json <<'JSON'",
    cloudWatchAgentConfig(),
    'JSON',
    '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/tapestry.json',
    'systemctl enable --now docker',
    'step "abctl"',
    ...abctlDownload(),
    'export HOME=/root',
    `step "Airbyte chart ${AIRBYTE_CHART_VERSION}"`,
    `abctl local install --port ${AIRBYTE_PORT} --chart-version ${AIRBYTE_CHART_VERSION} --no-browser`,
    'step "admin password from Secrets Manager"',
    `ADMIN_PASSWORD="$(aws secretsmanager get-secret-value ${region} --secret-id '\${${SECRET.airbyteAdmin}}' --query SecretString --output text)"`,
    '# abctl prints the credentials it sets: its output stays out of the log.',
    'abctl local credentials --password "$ADMIN_PASSWORD" >/dev/null 2>&1',
    'unset ADMIN_PASSWORD',
    'step "API client for Tapestry to Secrets Manager"',
    `read_auth() { docker exec ${KIND_NODE} kubectl --kubeconfig /etc/kubernetes/admin.conf -n airbyte-abctl get secret airbyte-auth-secrets -o "jsonpath={.data.$1}" | base64 -d; }`,
    'CLIENT_ID="$(read_auth instance-admin-client-id)"',
    'CLIENT_SECRET="$(read_auth instance-admin-client-secret)"',
    `aws secretsmanager put-secret-value ${region} --secret-id '\${${SECRET.airbyteApplication}}' --secret-string "$(printf '{"client_id":"%s","client_secret":"%s"}' "$CLIENT_ID" "$CLIENT_SECRET")" >/dev/null`,
    'unset CLIENT_ID CLIENT_SECRET',
    'step "start Airbyte again after a reboot or a resize"',
    "cat >/etc/systemd/system/airbyte-abctl.service <<'UNIT'",
    '[Unit]',
    "Description=Airbyte's kind node (abctl)",
    'After=docker.service',
    'Requires=docker.service',
    '[Service]',
    'Type=oneshot',
    `ExecStart=/usr/bin/docker start ${KIND_NODE}`,
    'RemainAfterExit=yes',
    '[Install]',
    'WantedBy=multi-user.target',
    'UNIT',
    'systemctl enable airbyte-abctl.service',
    'step "done"',
    'report 0',
    '',
  ].join('\n');
}
