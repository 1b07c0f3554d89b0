// Names: the stack's own, and every physical name the template sets, each scoped by the stack
// name so that many pipelines (of one or many organisations) fit in one account and region.
// Where a service allows fewer characters than a stack name can have (load balancers 32, RDS
// 63, ElastiCache 40), the template sets no name and CloudFormation generates one from the stack
// name and the logical id plus a random suffix, which is scoped just the same.

const PREFIX = 'tapestry';
/** CloudFormation's limit for a stack name. */
export const STACK_NAME_MAX = 128;
const ID_CHARS = 8;

function cleanSlug(slug: string): string {
  const cleaned = slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return cleaned || 'x';
}

function shorten(slug: string, max: number): string {
  return slug.slice(0, max).replace(/-+$/, '') || 'x';
}

/** The first 8 hex digits of a pipeline's uuid: what keeps two same-named pipelines apart. */
export function pipelineIdPrefix(pipelineId: string): string {
  const hex = pipelineId.replace(/-/g, '').toLowerCase().slice(0, ID_CHARS);
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new RangeError(`A pipeline id must start with ${ID_CHARS} hex digits: ${JSON.stringify(pipelineId)}`);
  return hex;
}

/**
 * `tapestry-<org>-<pipeline>-<8hex>`: at most 128 characters of [a-z0-9-], starting with a
 * letter. Long slugs are shortened, each keeping at least half of the room; the id suffix keeps
 * the name unique. The deployer records the name at the first deploy: a later rename of the
 * pipeline must not point it at a new stack.
 */
export function stackNameFor(orgSlug: string, pipelineSlug: string, pipelineId: string): string {
  const id = pipelineIdPrefix(pipelineId);
  let org = cleanSlug(orgSlug);
  let pipeline = cleanSlug(pipelineSlug);
  // tapestry-<org>-<pipeline>-<id>: three dashes.
  const room = STACK_NAME_MAX - PREFIX.length - ID_CHARS - 3;
  if (org.length + pipeline.length > room) {
    const half = Math.floor(room / 2);
    if (org.length <= half) pipeline = shorten(pipeline, room - org.length);
    else if (pipeline.length <= half) org = shorten(org, room - pipeline.length);
    else {
      org = shorten(org, half);
      pipeline = shorten(pipeline, room - org.length);
    }
  }
  return `${PREFIX}-${org}-${pipeline}-${id}`;
}

/** `<stack>-<part>`: alarms, the ECS cluster's services and task definition families. */
export const scopedName = (stackName: string, part: string): string => `${stackName}-${part}`;

/** `/tapestry/<stack>/<part>`: log groups. */
export const logGroupName = (stackName: string, part: string): string => `/${PREFIX}/${stackName}/${part}`;

/** `<stack>/<part>`: Secrets Manager secrets, grouped by stack in the console. */
export const secretName = (stackName: string, part: string): string => `${stackName}/${part}`;
