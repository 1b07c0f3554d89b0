// Addresses of the deploy pages and their live stream.

export const deploymentsHref = (org: string, pipelineId: string) => `/${org}/pipelines/${pipelineId}/deployments`;

export const deploymentHref = (org: string, pipelineId: string, deploymentId: string) => `${deploymentsHref(org, pipelineId)}/${deploymentId}`;

export const deploymentEventsHref = (org: string, pipelineId: string, deploymentId: string) => `${deploymentHref(org, pipelineId, deploymentId)}/events`;
