/** A scripted fetch for exporter tests: records each request and answers from a script. */
import { gunzipSync } from 'node:zlib';
import { decodeJsonRequest, decodeLogsJsonRequest, decodeLogsProtobufRequest, decodeProtobufRequest, type ReceivedLog, type ReceivedSpan } from './otlp';

export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  /** The spans it carried, decoded strictly (and gunzipped when it was compressed); none for a logs request. */
  spans: ReceivedSpan[];
  /** The log records of a request to a /v1/logs URL, decoded as strictly; none for a traces request. */
  logs: ReceivedLog[];
}

/** A fetch whose answers are `answers` in order (the last repeats); an Error is thrown as a network failure. */
export function scriptedFetch(...answers: (Response | Error | (() => Response | Error))[]) {
  const requests: RecordedRequest[] = [];
  const send = (async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    let body = init.body as Uint8Array;
    if (headers['Content-Encoding'] === 'gzip') body = new Uint8Array(gunzipSync(body));
    const json = headers['Content-Type'] === 'application/json';
    if (url.endsWith('/v1/logs')) requests.push({ url, headers, spans: [], logs: (json ? decodeLogsJsonRequest : decodeLogsProtobufRequest)(body) });
    else requests.push({ url, headers, spans: (json ? decodeJsonRequest : decodeProtobufRequest)(body), logs: [] });
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    const answer = typeof next === 'function' ? next() : next;
    if (answer instanceof Error) throw answer;
    return answer.clone();
  }) as unknown as typeof fetch;
  return { send, requests };
}

/**
 * `send` with the answers from its `from`th request on held until `release()`: requests on the
 * wire while a test changes something. `held` resolves once that request is sent.
 */
export function holdAnswers(send: typeof fetch, from: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  let calls = 0;
  const holding = (async (url: string, init: RequestInit) => {
    const answer = send(url, init);
    if (++calls >= from) {
      reached();
      await released;
    }
    return answer;
  }) as unknown as typeof fetch;
  return { send: holding, held, release };
}
