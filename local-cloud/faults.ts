// Fault injection for every service of the local cloud: latency, throttling, failures, dropped
// connections, replication delay and "process killed after n writes".
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultErrorFor, toGraphErrorBody } from './graph/errors.js';
import type { Service } from './request-log.js';

/** Kinds of new objects that replicate with a delay. */
export type ReplicatedKind =
  | 'application'
  | 'servicePrincipal'
  | 'appRoleAssignment'
  | 'permissionGrant'
  | 'passwordCredential'
  | 'keyCredential'
  | 'federatedCredential';

/** A fault to answer instead of (or, with afterApply, after) the real operation. */
export interface FaultRule {
  service: Service;
  method?: string;
  /** tested against path + query as received (for $batch inner requests: "/v1.0" + the relative url) */
  path?: RegExp;
  status?: number;
  /** seconds of the cloud's clock, may be fractional e.g. "1.5"; sent as is at clock rate 1 */
  retryAfter?: number | string;
  /** default 1; Infinity for every matching request */
  times?: number;
  body?: unknown;
  /** do the write, then answer with the fault (e.g. 404 or 500 although applied) */
  afterApply?: boolean;
  /** destroy the socket instead of answering (with afterApply: after the write is done) */
  resetConnection?: boolean;
  /** hold the request this long (real ms), then handle it normally: a slow write, not a failure */
  holdMs?: number;
}

/** A fault response in a service's own error format. */
export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The fault settings shared by every service; tests configure it, servers consult it. */
export class Faults {
  latencyMs = 0;
  /**
   * How many times faster than real time the cloud's clock runs (set by LocalCloud.setClockRate).
   * Retry-After is divided by it, so a client that honours the header waits exactly `retryAfter`
   * seconds of the cloud's clock: the header stays honest about when the fault is over.
   */
  clockRate = 1;
  /** for this long (cloud clock) after creation an object is invisible to other requests */
  replicationDelayMs: Partial<Record<ReplicatedKind, number>> = {};
  private rules: ActiveRule[] = [];
  private killed = false;
  private kill: { remaining: number; onKill: () => void; services: Service[] } | null = null;
  private writeBudget = new Map<Service, number>();
  private intercepted = new WeakSet<IncomingMessage>();
  private afterApply = new WeakMap<IncomingMessage, FaultRule>();

  /** Adds a rule; it answers the next `times` matching requests. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  /** Every write (non-GET) to `service` after the first n succeeds answers 500. */
  failWritesAfter(service: Service, n: number): void {
    this.writeBudget.set(service, n);
  }

  /**
   * "The runner was SIGKILLed here": after the first n writes to `services` (Graph and GitHub by
   * default; $batch parts count one by one), the next write calls onKill (the test kills the client
   * process) and is dropped unapplied with its connection, as a dead client's request would be.
   * Every state a kill can leave behind is the state before some write, so n = 0 … (writes − 1)
   * covers a run.
   */
  killBeforeWrite(n: number, onKill: () => void, services: Service[] = ['graph', 'github']): void {
    this.kill = { remaining: n, onKill, services };
  }

  /** Removes every rule, write budget, kill switch, latency and replication delay. */
  clear(): void {
    this.kill = null;
    this.killed = false;
    this.rules = [];
    this.writeBudget.clear();
    this.latencyMs = 0;
    this.replicationDelayMs = {};
  }

  /** Whether an object of `kind` created at `createdAt` (ms) is visible to other requests at `now`. */
  isReplicated(kind: ReplicatedKind, createdAt: number | undefined, now: number): boolean {
    const delay = this.replicationDelayMs[kind] ?? 0;
    return delay <= 0 || createdAt === undefined || now - createdAt >= delay;
  }

  /** Consumes and returns the fault for one request, or null. Used for HTTP requests and for $batch inner requests. */
  take(service: Service, method: string, path: string, isWrite: boolean): FaultRule | null {
    if (isWrite && this.kill?.services.includes(service)) {
      if (this.kill.remaining <= 0) {
        const { onKill } = this.kill;
        this.kill = null;
        this.killed = true;
        onKill();
      } else this.kill.remaining -= 1;
    }
    // After the kill nothing the dead client sent may land (a $batch's later parts included).
    if (this.killed && isWrite) return { service, resetConnection: true };
    const index = this.rules.findIndex(
      ({ rule }) =>
        rule.service === service &&
        (!rule.method || rule.method.toUpperCase() === method.toUpperCase()) &&
        (!rule.path || rule.path.test(path)),
    );
    if (index >= 0) {
      const active = this.rules[index];
      active.remaining -= 1;
      if (active.remaining <= 0) this.rules.splice(index, 1);
      const rule = toRealTimeRule(active.rule, this.clockRate);
      if (!(rule.afterApply && isWrite)) return rule;
      this.consumeWrite(service);
      return rule;
    }
    if (isWrite && !this.consumeWrite(service)) return { service, status: 500 };
    return null;
  }

  /**
   * Called by each service's server before its handler (the Graph handler calls it itself; a second
   * call for the same request is a no-op). Waits the latency; if a rule matches, writes the fault
   * response (or destroys the socket) and returns true. An afterApply rule is kept for `takeAfterApply`.
   */
  async intercept(
    service: Service,
    req: IncomingMessage,
    res: ServerResponse,
    isWrite: boolean,
  ): Promise<boolean> {
    if (this.intercepted.has(req)) return false;
    this.intercepted.add(req);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const rule = this.take(service, req.method ?? 'GET', req.url ?? '/', isWrite);
    if (!rule) return false;
    if (rule.holdMs !== undefined) {
      await sleep(rule.holdMs);
      return false;
    }
    if (rule.afterApply && isWrite) {
      this.afterApply.set(req, rule);
      return false;
    }
    if (rule.resetConnection) {
      req.socket.destroy();
      return true;
    }
    const fault = toFaultResponse(service, rule, headerValue(req.headers['client-request-id']));
    const text = JSON.stringify(fault.body);
    res.writeHead(fault.status, { ...fault.headers, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return true;
  }

  /** The afterApply rule `intercept` kept for this request: the handler does the write, then answers with it. */
  takeAfterApply(req: IncomingMessage): FaultRule | undefined {
    const rule = this.afterApply.get(req);
    this.afterApply.delete(req);
    return rule;
  }

  private consumeWrite(service: Service): boolean {
    const budget = this.writeBudget.get(service);
    if (budget === undefined) return true;
    if (budget <= 0) return false;
    this.writeBudget.set(service, budget - 1);
    return true;
  }
}

/** Returns the rule with its Retry-After in real seconds: unchanged at rate 1, else divided by the rate (ms precision). */
export function toRealTimeRule(rule: FaultRule, clockRate: number): FaultRule {
  if (clockRate === 1 || rule.retryAfter === undefined) return rule;
  const seconds = Number(rule.retryAfter);
  if (!Number.isFinite(seconds)) return rule;
  return { ...rule, retryAfter: String(Math.round((seconds / clockRate) * 1000) / 1000) };
}

/** The response a fault rule produces, in `service`'s error format (Graph, Entra OAuth, GitHub). */
export function toFaultResponse(
  service: Service,
  rule: FaultRule,
  clientRequestId?: string,
): FaultResponse {
  const status = rule.status ?? (rule.retryAfter !== undefined ? 429 : 500);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (rule.retryAfter !== undefined) headers['retry-after'] = String(rule.retryAfter);
  const requestId = randomUUID();
  const date = new Date();
  if (service === 'graph') {
    headers['request-id'] = requestId;
    headers['client-request-id'] = clientRequestId || requestId;
    headers.date = date.toUTCString();
    const { code, message } = defaultErrorFor(status);
    const correlation = { requestId, clientRequestId: clientRequestId || requestId, date };
    return { status, headers, body: rule.body ?? toGraphErrorBody(code, message, correlation) };
  }
  if (service === 'github') {
    const message =
      status === 429 || status === 403
        ? 'API rate limit exceeded'
        : status >= 500
          ? 'Server Error'
          : 'Fault injected by the local cloud';
    return {
      status,
      headers,
      body: rule.body ?? { message, documentation_url: 'https://docs.github.com/rest' },
    };
  }
  if (service === 'keyvault') {
    headers['x-ms-request-id'] = requestId;
    const [code, message] =
      status === 429
        ? ['Throttled', 'Request was not processed because too many requests were received.']
        : status >= 500
          ? ['InternalServerError', 'An internal server error occurred.']
          : ['BadParameter', 'Fault injected by the local cloud.'];
    return { status, headers, body: rule.body ?? { error: { code, message } } };
  }
  return { status, headers, body: rule.body ?? toOAuthErrorBody(status, requestId, date) };
}

function toOAuthErrorBody(status: number, traceId: string, date: Date): unknown {
  const transient = status === 429 || status >= 500;
  const [code, text] = transient
    ? [90033, 'AADSTS90033: A transient error has occurred. Please try again.']
    : [90000, 'AADSTS90000: Fault injected by the local cloud.'];
  return {
    error: transient ? 'temporarily_unavailable' : 'invalid_request',
    error_description: `${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${traceId}\r\nTimestamp: ${date.toISOString().replace('T', ' ')}`,
    error_codes: [code],
    timestamp: date.toISOString().replace('T', ' '),
    trace_id: traceId,
    correlation_id: traceId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
