import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sodium from 'libsodium-wrappers';
import { SecretsClient, type SecretTarget } from '../../src/github/secrets-client.js';
import { GitHubError, InputError } from '../../src/errors.js';

interface ScopeKey {
  keyId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}
interface Fault {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A small stand-in for GitHub's secrets REST API: real sealed boxes, per-scope keys, scripted faults. */
class FakeGitHub {
  server!: Server;
  baseUrl = '';
  keys = new Map<string, ScopeKey>();
  secrets = new Map<string, { value: string; body: Record<string, unknown>; updatedAt: string }>();
  variables = new Map<string, { name: string; value: string; body: Record<string, unknown> }>();
  repoIds = new Map<string, number>([
    ['acme/api', 101],
    ['acme/web', 102],
  ]);
  faults: Fault[] = [];
  requests: string[] = [];
  readOnlyToken = 'ghs_readonly';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.keys.clear();
    this.secrets.clear();
    this.variables.clear();
    this.faults = [];
    this.requests = [];
  }

  rotateKey(scope: string): ScopeKey {
    const pair = sodium.crypto_box_keypair();
    const key = {
      keyId: String(Date.now() + Math.random()),
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    };
    this.keys.set(scope, key);
    return key;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
      : {};
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    this.requests.push(`${method} ${path}`);
    const send = (
      status: number,
      payload?: unknown,
      headers: Record<string, string> = {},
    ): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const fault = this.faults.findIndex((f) => f.method === method && f.path.test(path));
    if (fault >= 0) {
      const [f] = this.faults.splice(fault, 1);
      send(f.status, f.body ?? { message: `fault ${f.status}` }, f.headers);
      return;
    }
    if (req.headers.authorization === `token ${this.readOnlyToken}` && method !== 'GET') {
      send(403, { message: 'Resource not accessible by integration' });
      return;
    }
    let m: RegExpMatchArray | null;
    if ((m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path))) {
      const id = this.repoIds.get(`${m[1]}/${m[2]}`);
      if (id) send(200, { id });
      else send(404, { message: 'Not Found' });
      return;
    }
    if ((m = /^(.*\/secrets)\/public-key$/.exec(path))) {
      const key = this.keys.get(m[1]) ?? this.rotateKey(m[1]);
      send(200, { key_id: key.keyId, key: Buffer.from(key.publicKey).toString('base64') });
      return;
    }
    if ((m = /^(.*\/secrets)\/([A-Za-z0-9_]+)$/.exec(path))) {
      this.handleSecret(method, m[1], path, body, send);
      return;
    }
    if ((m = /^(.*\/variables)(?:\/([A-Za-z0-9_]+))?$/.exec(path))) {
      const key = m[2] ? path : `${m[1]}/${String(body.name)}`;
      const exists = this.variables.has(key);
      if (method === 'PATCH' && !exists) {
        send(404, { message: 'Not Found' });
        return;
      }
      if (method === 'POST' && exists) {
        send(409, { message: 'Already exists' });
        return;
      }
      this.variables.set(key, { name: String(body.name), value: String(body.value), body });
      if (method === 'POST') send(201, {});
      else send(204);
      return;
    }
    send(404, { message: 'Not Found' });
  }

  private handleSecret(
    method: string,
    scope: string,
    path: string,
    body: Record<string, unknown>,
    send: (status: number, payload?: unknown) => void,
  ): void {
    const existing = this.secrets.get(path);
    if (method === 'GET')
      return existing
        ? send(200, { name: path.split('/').pop(), updated_at: existing.updatedAt })
        : send(404, { message: 'Not Found' });
    if (method === 'DELETE')
      return existing && this.secrets.delete(path)
        ? send(204)
        : send(404, { message: 'Not Found' });
    const key = this.keys.get(scope);
    if (!key || body.key_id !== key.keyId) return send(422, { message: 'Bad key_id' });
    const opened = sodium.crypto_box_seal_open(
      Buffer.from(String(body.encrypted_value), 'base64'),
      key.publicKey,
      key.privateKey,
    );
    this.secrets.set(path, {
      value: Buffer.from(opened).toString('utf8'),
      body,
      updatedAt: '2026-01-02T03:04:05Z',
    });
    return existing ? send(204) : send(201, {});
  }
}

const fake = new FakeGitHub();
const repo: SecretTarget = { scope: 'repository', owner: 'acme', repo: 'api' };
const waits: number[] = [];
const client = (target: SecretTarget, token = 'ghp_write', logs: string[] = []): SecretsClient =>
  new SecretsClient({
    token,
    baseUrl: fake.baseUrl,
    target,
    log: (line) => logs.push(line),
    sleep: async (ms) => void waits.push(ms),
    now: () => 1_700_000_000_000,
  });

beforeAll(async () => {
  await sodium.ready;
  await fake.start();
});
afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));
beforeEach(() => {
  fake.reset();
  waits.length = 0;
});

describe('SecretsClient', () => {
  it('creates a repository secret that decrypts to the value, then updates it', async () => {
    const github = client(repo);
    await expect(github.writeSecret('APP_SECRET', 's3cr3t~value')).resolves.toBe('created');
    await expect(github.writeSecret('APP_SECRET', 'second')).resolves.toBe('updated');
    expect(fake.secrets.get('/repos/acme/api/actions/secrets/APP_SECRET')?.value).toBe('second');
    expect(fake.requests.filter((r) => r.endsWith('/public-key'))).toHaveLength(1);
  });

  it('reads metadata and reports a missing secret as not existing', async () => {
    const github = client(repo);
    await expect(github.readSecretMetadata('APP_SECRET')).resolves.toEqual({
      name: 'APP_SECRET',
      exists: false,
      updatedAt: null,
    });
    await github.writeSecret('APP_SECRET', 'x');
    await expect(github.readSecretMetadata('APP_SECRET')).resolves.toEqual({
      name: 'APP_SECRET',
      exists: true,
      updatedAt: '2026-01-02T03:04:05Z',
    });
  });

  it('encrypts environment secrets with the environment key and URL-encodes the environment name', async () => {
    await client(repo).writeSecret('APP_SECRET', 'repo-value');
    await client({
      scope: 'environment',
      owner: 'acme',
      repo: 'api',
      environment: 'prod/eu west',
    }).writeSecret('APP_SECRET', 'env-value');
    const envScope = '/repos/acme/api/environments/prod%2Feu%20west/secrets';
    expect(fake.secrets.get(`${envScope}/APP_SECRET`)?.value).toBe('env-value');
    expect(fake.keys.get(envScope)?.keyId).not.toBe(
      fake.keys.get('/repos/acme/api/actions/secrets')?.keyId,
    );
  });

  it('writes an organization secret for selected repositories by resolving their ids', async () => {
    const target: SecretTarget = {
      scope: 'organization',
      org: 'acme',
      visibility: 'selected',
      selectedRepositories: ['api', 'acme/web'],
    };
    await client(target).writeSecret('APP_SECRET', 'org-value');
    const stored = fake.secrets.get('/orgs/acme/actions/secrets/APP_SECRET');
    expect(stored?.value).toBe('org-value');
    expect(stored?.body).toMatchObject({
      visibility: 'selected',
      selected_repository_ids: [101, 102],
    });
  });

  it('says which selected repository does not exist', async () => {
    const target: SecretTarget = {
      scope: 'organization',
      org: 'acme',
      visibility: 'selected',
      selectedRepositories: ['gone'],
    };
    await expect(client(target).writeSecret('APP_SECRET', 'v')).rejects.toThrow(
      /acme\/gone does not exist or the token cannot see it/,
    );
  });

  it('retries once with a fresh public key when GitHub answers 422', async () => {
    const logs: string[] = [];
    const github = client(repo, 'ghp_write', logs);
    await github.writeSecret('APP_SECRET', 'one');
    fake.rotateKey('/repos/acme/api/actions/secrets');
    await expect(github.writeSecret('APP_SECRET', 'two')).resolves.toBe('updated');
    expect(fake.secrets.get('/repos/acme/api/actions/secrets/APP_SECRET')?.value).toBe('two');
    expect(logs.join('\n')).toMatch(/refused the encrypted value of APP_SECRET \(422\)/);
  });

  it('explains on 403 that GITHUB_TOKEN cannot write secrets and which permission is needed', async () => {
    const error = await client(repo, fake.readOnlyToken)
      .writeSecret('APP_SECRET', 'v')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as GitHubError).status).toBe(403);
    const [first] = (error as Error).message.split('\n');
    expect(first).toMatch(
      /^Write repository secret APP_SECRET in repository acme\/api failed: 403 Resource not accessible/,
    );
    expect(first).toMatch(
      /GITHUB_TOKEN cannot write secrets.*"Secrets: read and write".*GitHub App installation token/,
    );
  });

  it('says that an environment may not exist on 404', async () => {
    fake.faults.push({
      method: 'GET',
      path: /environments\/nope\/secrets\/public-key$/,
      status: 404,
      body: { message: 'Not Found' },
    });
    const target: SecretTarget = {
      scope: 'environment',
      owner: 'acme',
      repo: 'api',
      environment: 'nope',
    };
    await expect(client(target).writeSecret('APP_SECRET', 'v')).rejects.toThrow(
      /the environment "nope" does not exist in acme\/api/,
    );
  });

  it('waits as Retry-After says on 429 and on a secondary rate limit, then succeeds', async () => {
    fake.faults.push({
      method: 'PUT',
      path: /APP_SECRET$/,
      status: 429,
      headers: { 'retry-after': '3' },
    });
    fake.faults.push({
      method: 'PUT',
      path: /APP_SECRET$/,
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit' },
    });
    await expect(client(repo).writeSecret('APP_SECRET', 'v')).resolves.toBe('created');
    expect(waits).toEqual([3000, 60_000]);
  });

  it('waits until x-ratelimit-reset and backs off on 5xx', async () => {
    const reset = String(1_700_000_000 + 20);
    fake.faults.push({
      method: 'GET',
      path: /public-key$/,
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    });
    fake.faults.push({ method: 'GET', path: /public-key$/, status: 502 });
    await client(repo).writeSecret('APP_SECRET', 'v');
    expect(waits).toEqual([20_000, 2000]);
  });

  it('gives up after the bounded number of attempts', async () => {
    for (let i = 0; i < 4; i++)
      fake.faults.push({ method: 'GET', path: /public-key$/, status: 503 });
    const error = (await client(repo)
      .writeSecret('APP_SECRET', 'v')
      .catch((e: unknown) => e)) as GitHubError;
    expect(error.status).toBe(503);
    expect(waits).toHaveLength(3);
  });

  it('fails at once when a rate limit asks for a longer wait than allowed', async () => {
    fake.faults.push({
      method: 'GET',
      path: /public-key$/,
      status: 429,
      headers: { 'retry-after': '3600' },
    });
    await expect(client(repo).writeSecret('APP_SECRET', 'v')).rejects.toThrow(
      /asks to wait 3600 s/,
    );
    expect(waits).toEqual([]);
  });

  it('deletes a secret and reports a missing one', async () => {
    const github = client(repo);
    await github.writeSecret('APP_SECRET', 'v');
    await expect(github.deleteSecret('APP_SECRET')).resolves.toBe(true);
    await expect(github.deleteSecret('APP_SECRET')).resolves.toBe(false);
  });

  it('creates a variable, then updates it', async () => {
    const github = client(repo);
    await expect(github.writeVariable('APP_CLIENT_ID', 'id-1')).resolves.toBe('created');
    await expect(github.writeVariable('APP_CLIENT_ID', 'id-2')).resolves.toBe('updated');
    expect(fake.variables.get('/repos/acme/api/actions/variables/APP_CLIENT_ID')?.value).toBe(
      'id-2',
    );
  });

  it('writes organization variables with their visibility', async () => {
    await client({ scope: 'organization', org: 'acme', visibility: 'private' }).writeVariable(
      'APP_TENANT_ID',
      't',
    );
    expect(fake.variables.get('/orgs/acme/actions/variables/APP_TENANT_ID')?.body).toMatchObject({
      visibility: 'private',
      value: 't',
    });
  });

  it('refuses an invalid name before sending anything', async () => {
    await expect(client(repo).writeSecret('GITHUB_X', 'v')).rejects.toBeInstanceOf(InputError);
    expect(fake.requests).toEqual([]);
  });
});
