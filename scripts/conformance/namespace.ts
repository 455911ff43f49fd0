// A private place for the conformance suite: a mount namespace whose own hosts file (bound over
// /etc/hosts) sends login.microsoftonline.com, graph.microsoft.com and management.azure.com to
// 127.0.0.1, plus a private network namespace when 127.0.0.1:443 is taken. The machine's
// /etc/hosts is never written.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPS_PORT, toHostsFile } from '@register-entra-app/local-cloud';

/** Set in the re-executed process: it already runs inside the private namespace. */
export const INSIDE_ENV = 'REA_CONFORMANCE_INSIDE';

/** Why the suite cannot run here (not root, or no unshare), or undefined. */
export function checkNamespaceSupport(uid: number | undefined): string | undefined {
  if (uid !== undefined && uid !== 0)
    return (
      'npm run conformance needs root: it listens on 127.0.0.1:443 as login.microsoftonline.com, ' +
      'graph.microsoft.com and management.azure.com, and gives the clients those names through a ' +
      'private mount namespace (unshare -m) with its own hosts file; both need root.'
    );
  return undefined;
}

/** Whether 127.0.0.1:443 can be bound right now. */
export function isPortFree(port = HTTPS_PORT): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Re-runs `command` inside `unshare -m` (and `-n` when `privateNetwork`) with the private hosts file; resolves to its exit code. */
export function runInPrivateNamespace(command: string[], privateNetwork: boolean): Promise<number> {
  const hostsPath = writePrivateHostsFile();
  const setup = [
    privateNetwork ? 'ip link set lo up' : ':',
    `mount --bind ${shellQuote(hostsPath)} /etc/hosts`,
    `exec ${command.map(shellQuote).join(' ')}`,
  ].join(' && ');
  const flags = privateNetwork ? ['-m', '-n'] : ['-m'];
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', [...flags, '--propagation', 'private', 'sh', '-c', setup], {
      stdio: 'inherit',
      env: { ...process.env, [INSIDE_ENV]: '1' },
    });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

/** Writes the private hosts file into a fresh temp folder and returns its path. */
export function writePrivateHostsFile(): string {
  const hostsPath = join(mkdtempSync(join(tmpdir(), 'rea-hosts-')), 'hosts');
  writeFileSync(hostsPath, toHostsFile());
  return hostsPath;
}

/** `command` wrapped to run in its own mount namespace where `hostsPath` is /etc/hosts (root only). */
export function withPrivateHosts(command: string[], hostsPath: string): string[] {
  return [
    'unshare',
    '-m',
    '--propagation',
    'private',
    'sh',
    '-c',
    `mount --bind ${shellQuote(hostsPath)} /etc/hosts && exec "$@"`,
    'sh',
    ...command,
  ];
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
