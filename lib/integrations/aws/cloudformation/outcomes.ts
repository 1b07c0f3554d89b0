// CloudFormation answers that are outcomes rather than failures, recognised from the raw SDK error
// before it becomes an IntegrationError (which keeps only the code): CloudFormation reports a
// missing stack and an update with nothing to do as a plain `ValidationError`, told apart only by
// its message, so these are the one place that reads a vendor message (and never passes it on).
import { IntegrationError, isIntegrationError } from '../../errors';
import { awsErrorMessage, hasAwsCode } from '../clients';
import { NO_CHANGES_REASON } from './views';

/** `Stack with id X does not exist` (DescribeStacks and most stack actions). */
export function isStackMissing(error: unknown): boolean {
  return hasAwsCode(error, 'ValidationError') && /does not exist/i.test(awsErrorMessage(error));
}

export function isChangeSetMissing(error: unknown): boolean {
  return hasAwsCode(error, 'ChangeSetNotFound', 'ChangeSetNotFoundException') || isStackMissing(error);
}

export function isInvalidChangeSetStatus(error: unknown): boolean {
  return hasAwsCode(error, 'InvalidChangeSetStatus', 'InvalidChangeSetStatusException');
}

export function isAlreadyExists(error: unknown): boolean {
  return hasAwsCode(error, 'AlreadyExistsException');
}

/** `No updates are to be performed.` (UpdateStack with an unchanged template and parameters). */
export function isNoUpdates(error: unknown): boolean {
  return hasAwsCode(error, 'ValidationError') && NO_CHANGES_REASON.test(awsErrorMessage(error));
}

export const NO_CHANGES_CODE = 'NoChanges';

/** The typed error for an update that would change nothing: the caller decides it is not a failure. */
export function noChangesError(): IntegrationError {
  return new IntegrationError({
    provider: 'aws',
    failureClass: 'config',
    code: NO_CHANGES_CODE,
    cause: 'Nothing to deploy: the stack already matches this template and these parameters.',
    hint: 'Change a setting of the pipeline, then deploy again.',
  });
}

export function isNoChangesError(error: unknown): error is IntegrationError {
  return isIntegrationError(error) && error.code === NO_CHANGES_CODE;
}
