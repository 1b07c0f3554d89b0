// The AWS stand-in's state file, so a restarted sandbox still has the user's stacks, as AWS would:
// CloudFormation's stacks with their events, change sets, ClientRequestToken records, failure rules
// and stalls; ECS clusters, task definitions, tasks and client tokens; EC2's stops and starts under
// way; STS's role sessions and forced failures. One JSON file for all of them (core/state-file.ts:
// debounced, atomic, mode 0600). EC2 instances live in the sandbox world, which the sandbox saves
// itself, and it must restore the world before it starts this stand-in: resumed stacks move the
// world's instances on.
//
// Saved: after every API call that is not a read (Describe…, List…, Get…, Validate…), every control
// call that is not a GET, every stack or resource event, change set step and ECS task step.
// Restored: before the server accepts requests; then operations under way resume (see
// cloudformation/resume.ts and ecs/tasks.ts).
import { encodeSnapshot, loadSnapshot, setAside, type Snapshot } from '../core/state-codec';
import { stateFile } from '../core/state-file';
import type { ProtocolAdapter } from '../core/stand-in-server';
import type { CloudFormationService } from './cloudformation';
import type { EngineSnapshot } from './cloudformation/engine';
import type { Ec2Service } from './ec2';
import type { Transition } from './ec2/fleet';
import type { EcsService, EcsSnapshot } from './ecs';
import type { IdentitiesSnapshot, SandboxIdentities } from './sts';

/** Bumped when the saved shapes change incompatibly; another version's file is set aside, not restored. */
const VERSION = 1;

export interface AwsServices {
  cloudformation: CloudFormationService;
  ecs: EcsService;
  ec2: Ec2Service;
  identities: SandboxIdentities;
}

interface AwsState {
  cloudformation: EngineSnapshot;
  ecs: EcsSnapshot;
  ec2: Map<string, Transition>;
  sts: IdentitiesSnapshot;
}

interface SavedFile {
  version: number;
  state: AwsState;
}

const READS = /^(Describe|List|Get|Validate)/;

function snapshotOf(services: AwsServices): AwsState {
  return {
    cloudformation: services.cloudformation.snapshot(),
    ecs: services.ecs.snapshot(),
    ec2: services.ec2.snapshot(),
    sts: services.identities.snapshot(),
  };
}

function restoreInto(services: AwsServices, state: AwsState): void {
  services.cloudformation.restore(state.cloudformation);
  services.ecs.restore(state.ecs);
  services.ec2.restore(state.ec2);
  services.identities.restore(state.sts);
}

function stopAll(services: AwsServices): void {
  services.cloudformation.close();
  services.ecs.dispose();
}

export interface AwsPersistence {
  /** Schedules a save; nothing after `close()`. */
  changed(): void;
  /**
   * Services holding the saved state (from `build()`), with their operations under way resumed. A
   * file that parses but does not fit is kept aside as `<file>.unreadable` and the services start
   * empty, as core/state-file.ts does for a torn file.
   */
  open(build: () => AwsServices): AwsServices;
  /** The adapter, saving after every call that changes something. */
  watch(adapter: ProtocolAdapter): ProtocolAdapter;
  /**
   * Writes the final state (throws when it cannot: the caller learns the state was not saved);
   * later changes are ignored, as a new instance may own the file by then.
   */
  close(): void;
}

export function awsPersistence(file: string): AwsPersistence {
  let services: AwsServices | undefined;
  let open = true;
  const saved = stateFile<Snapshot<SavedFile>>(file, () => encodeSnapshot<SavedFile>({ version: VERSION, state: snapshotOf(services as AwsServices) }));
  const changed = () => {
    if (open && services) saved.changed();
  };
  return {
    changed,
    open(build) {
      services = build();
      const loaded = loadSnapshot(file, saved);
      if (loaded === undefined) return services;
      try {
        if (loaded.version !== VERSION) throw new Error(`state saved by version ${String(loaded.version)}`);
        restoreInto(services, loaded.state);
      } catch {
        stopAll(services);
        setAside(file);
        services = build();
        return services;
      }
      services.cloudformation.resume();
      services.ecs.resume();
      return services;
    },
    watch(adapter) {
      const { control } = adapter;
      return {
        ...adapter,
        async handle(request) {
          const response = await adapter.handle(request);
          if (!READS.test(adapter.classify(request))) changed();
          return response;
        },
        control:
          control &&
          (async (request) => {
            const response = await control(request);
            if (response && request.method !== 'GET') changed();
            return response;
          }),
      };
    },
    close() {
      if (!open) return;
      open = false;
      if (services) saved.flush();
    },
  };
}
