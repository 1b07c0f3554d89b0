// What a pipeline YAML file wraps around the spec: its format version and kind.
export const API_VERSION = 'tapestry.dev/v1';
export const KIND = 'Pipeline';
export const HEADER_COMMENT = ` Tapestry pipeline, apiVersion ${API_VERSION}`;

/** Files larger than this are refused before parsing: a pipeline is a few kilobytes. */
export const MAX_YAML_BYTES = 1024 * 1024;

/** Alias expansions allowed while reading: enough for hand-written reuse, far too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;
