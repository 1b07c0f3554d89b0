// Secrets at rest (SEC-6): envelope encryption with AES-256-GCM, KEK rotation, usage limits and
// fingerprints. See README.md in this folder for the key format and the key lifecycle.
export { SecretError, isSecretError, SECRET_ERROR_REASONS, type SecretErrorReason } from './errors';
export { type SecretContext } from './context';
export {
  KEY_BYTES,
  KEY_ID_PATTERN,
  parseKeySpec,
  generateKeyEntry,
  newKeyId,
  rotateKeySpec,
  retireKeyFromSpec,
  type KeyEntry,
} from './key-spec';
export { createKeyring, type Keyring, type KeyringOptions, type KeyWrapping, type DataKeyToWrap } from './keyring';
export {
  KEY_USAGE_LIMIT,
  memoryUsageCounter,
  type KeyUsageCounter,
  type KeyUsageReport,
  type KeyUsageState,
} from './usage';
export { parseSealedSecret, toCompactSecret, type SealedSecret } from './sealed-secret';
export { sealSecret, openSecret, describeSecret, type SecretDescription } from './envelope';
export { rewrapAll, type SecretStore, type StoredSecret, type RewrapOptions, type RewrapResult } from './rotation';
export { memorySecretStore, type MemorySecretStore } from './memory-store';
