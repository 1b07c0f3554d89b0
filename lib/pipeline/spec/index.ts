// The pipeline's domain spec: what the wizard builds, the YAML file holds and deploy reads.
export * from './aws-regions';
export * from './config';
export * from './cron';
export * from './destinations';
export * from './draft';
export * from './issues';
export * from './missing-secrets';
export * from './pipeline';
export * from './secret-ref';
export * from './sources';
export * from './target';
export * from './transformation';
export * from './validate';
export * from './warehouse';
export { checkConfig, requiredMappingFields } from './connector-checks';
export { exportPipelineYaml } from './yaml/export';
export { importPipelineYaml, type YamlImportError, type YamlImportResult } from './yaml/import';
export { API_VERSION, KIND, MAX_ALIAS_COUNT, MAX_YAML_BYTES } from './yaml/envelope';
