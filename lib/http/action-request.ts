// Next.js decodes a server action's arguments before our code runs, and answers a body it cannot
// decode (or one over its body limit) with a 500. A browser running our own pages never sends
// one, so these are client errors: the proxy checks an action request's body the way Next.js will
// read it and answers 400 or 413 instead.
/** The same as serverActions.bodySizeLimit in next.config.ts: a 1 MiB pipeline file plus its form. */
export const ACTION_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

type ActionRequest = {
  method: string;
  headers: { get(name: string): string | null };
  clone(): { text(): Promise<string>; formData(): Promise<FormData> };
};

export type ActionBodyProblem = { status: 400 | 413; detail: string };

const TOO_LARGE: ActionBodyProblem = { status: 413, detail: 'The request body is larger than 1 MB.' };
const bad = (detail: string): ActionBodyProblem => ({ status: 400, detail });

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a server action request's body, or null when Next.js can decode it. */
export async function actionBodyProblem(req: ActionRequest): Promise<ActionBodyProblem | null> {
  if (req.method !== 'POST' || !req.headers.get('next-action')) return null;
  if (Number(req.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  const type = req.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await req.clone().formData();
    } catch {
      return bad('The request body is not valid multipart form data.');
    }
    // React's reply format: numeric keys hold JSON rows ("0" is the root); other keys are form fields.
    if (typeof form.get('0') !== 'string') return bad('The request body has no arguments.');
    for (const [key, value] of form) {
      if (/^\d+$/.test(key) && typeof value === 'string' && !parses(value)) return bad('The request body is not valid JSON.');
    }
    return null;
  }
  const text = await req.clone().text();
  if (Buffer.byteLength(text) > ACTION_BODY_LIMIT_BYTES) return TOO_LARGE;
  if (!parses(text)) return bad('The request body is not valid JSON.');
  return Array.isArray(JSON.parse(text)) ? null : bad('The request body must be a list of arguments.');
}
