// How much one autosave may carry: 256 kB of JSON is far more than any step's settings and far
// less than a pasted file. Its own module so the browser can check before sending without
// bundling the spec's schemas.
export const MAX_DRAFT_PART_CHARS = 256 * 1024;
