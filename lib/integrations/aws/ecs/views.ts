// What the ECS port hands back about a task: where it is in its life and, once stopped, how it
// ended (ECS's stop code and reason, the container's exit code), without the SDK's types.
import type { Task } from '@aws-sdk/client-ecs';
import { scrubSecrets } from '../../errors';

export interface TaskView {
  /** PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED. */
  lastStatus: string;
  /** Why it stopped: TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, SpotInterruption, TerminationNotice. */
  stopCode?: string;
  /** ECS's words (e.g. `CannotPullContainerError: …`), for the person watching the run; secrets scrubbed. */
  stoppedReason?: string;
  /** The exit code of the first container that reports one (a dbt task has one container). */
  exitCode?: number;
  /** That container's own reason (what the process reported, e.g. dbt's summary or the failing model). */
  containerReason?: string;
  startedAt?: Date;
  stoppedAt?: Date;
}

export function taskView(task: Task, secrets: readonly (string | undefined)[]): TaskView {
  const exited = task.containers?.find((c) => c.exitCode !== undefined && c.exitCode !== null);
  return {
    lastStatus: task.lastStatus ?? '',
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason === undefined ? undefined : scrubSecrets(task.stoppedReason, secrets),
    exitCode: exited?.exitCode,
    containerReason: exited?.reason ? scrubSecrets(exited.reason, secrets) : undefined,
    startedAt: task.startedAt,
    stoppedAt: task.stoppedAt,
  };
}
