// IAM resources need an explicit acknowledgement: CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when
// the template names them (RoleName, InstanceProfileName, …), as CloudFormation requires.
import { AwsError } from '../protocol';
import type { CheckedTemplate } from './template-types';

export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

/** IAM types, with the property that gives each a custom name (if it has one). */
const IAM_TYPES: Record<string, string | undefined> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::RolePolicy': undefined,
  'AWS::IAM::UserPolicy': undefined,
  'AWS::IAM::GroupPolicy': undefined,
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::UserToGroupAddition': undefined,
};

export interface RequiredCapabilities {
  required: string[];
  /** ValidateTemplate's CapabilitiesReason. */
  reason?: string;
}

export function requiredCapabilities(template: CheckedTemplate): RequiredCapabilities {
  const iam = [...template.resources.values()].filter((r) => Object.hasOwn(IAM_TYPES, r.type));
  if (!iam.length) return { required: [] };
  const named = iam.some((r) => {
    const nameProperty = IAM_TYPES[r.type];
    return nameProperty !== undefined && r.properties[nameProperty] !== undefined;
  });
  return {
    required: [named ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM'],
    reason: `The following resource(s) require capabilities: [${[...new Set(iam.map((r) => r.type))].join(', ')}]`,
  };
}

/** Throws InsufficientCapabilitiesException when the caller did not acknowledge what the template needs. */
export function checkCapabilities(template: CheckedTemplate, given: string[]): void {
  const unknown = given.filter((c) => !(CAPABILITIES as readonly string[]).includes(c));
  if (unknown.length) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '[${given.join(', ')}]' at 'capabilities' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${CAPABILITIES.join(', ')}]]`,
    );
  }
  const [needed] = requiredCapabilities(template).required;
  if (!needed) return;
  const ok = needed === 'CAPABILITY_IAM' ? given.includes('CAPABILITY_IAM') || given.includes('CAPABILITY_NAMED_IAM') : given.includes('CAPABILITY_NAMED_IAM');
  if (!ok) throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`);
}
