// HTTPS calls from the test process to the local cloud. NODE_EXTRA_CA_CERTS is read only at process
// start, so in-process clients trust the cloud's CA through an https.Agent instead; child processes
// (the action) get NODE_EXTRA_CA_CERTS from runnerEnv().
import { Agent, request } from 'node:https';
import type { LocalCloud } from '../index.js';

/** A response read to the end. */
export interface CloudResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // The caller names the JSON shape it expects, as with Response.json().
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  json<T = Record<string, any>>(): T;
}

const agents = new WeakMap<LocalCloud, Agent>();

/** An https.Agent that trusts the cloud's CA (pass it as `agent` to @azure/identity credentials). */
export function cloudAgent(cloud: LocalCloud): Agent {
  let agent = agents.get(cloud);
  if (!agent) {
    agent = new Agent({ ca: cloud.caCertPem, keepAlive: false });
    agents.set(cloud, agent);
  }
  return agent;
}

/** Sends one request to a cloud URL; `body` objects are sent as JSON, strings as given. */
export function requestCloud(
  cloud: LocalCloud,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<CloudResponse> {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === 'string'
        ? init.body
        : JSON.stringify(init.body);
  const headers = {
    ...(typeof init.body === 'object' ? { 'content-type': 'application/json' } : {}),
    ...init.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers, agent: cloudAgent(cloud) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
