// Responses of the stand-ins read in tests: deep, loosely shaped JSON that assertions walk into
// (`body.data[0].configuration.api_key`). Typing each response would only restate the contracts
// that the OpenAPI contract tests already check, so tests read them loosely — tests only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = Record<string, any>;
