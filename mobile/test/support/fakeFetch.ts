/** A `fetch` stand-in that answers from a handler and records every request it was given. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  contentType?: string;
}

export function fakeFetch(answer: (request: RecordedRequest) => FakeAnswer): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: text === undefined ? undefined : JSON.parse(text),
    };
    requests.push(request);
    const { status, body, contentType } = answer(request);
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': contentType ?? 'application/json' },
    });
  };
  return { fetch: fake as typeof fetch, requests };
}

/** A validation problem as the API sends it: `application/problem+json` with `errors` keyed by field path. */
export function validationProblem(field: string, message: string): FakeAnswer {
  return {
    status: 422,
    contentType: 'application/problem+json',
    body: { title: 'One or more validation errors occurred.', status: 422, errors: { [field]: [message] } },
  };
}
