import 'server-only';
// Every deployment step's runner, by the names in lib/deploy/step-names.ts.
import type { StepName } from '@/lib/deploy/step-names';
import type { StepRunner } from '../step-types';
import { airbyteStep, removeAirbyteStep } from './airbyte';
import { changeSetStep } from './change-set';
import { deleteStackStep } from './delete-stack';
import { firstRunStep } from './first-run';
import { grouparooStep, removeGrouparooStep } from './grouparoo';
import { outputsStep } from './outputs';
import { stackStep } from './stack';
import { templateStep } from './template';
import { removeTransformationStep, transformationStep } from './transformation';
import { removeWarehouseStep, warehouseStep } from './warehouse';

export const STEP_RUNNERS: Record<StepName, StepRunner> = {
  template: templateStep,
  change_set: changeSetStep,
  stack: stackStep,
  outputs: outputsStep,
  warehouse: warehouseStep,
  airbyte: airbyteStep,
  transformation: transformationStep,
  grouparoo: grouparooStep,
  first_run: firstRunStep,
  remove_grouparoo: removeGrouparooStep,
  remove_airbyte: removeAirbyteStep,
  remove_transformation: removeTransformationStep,
  remove_warehouse: removeWarehouseStep,
  delete_stack: deleteStackStep,
};
