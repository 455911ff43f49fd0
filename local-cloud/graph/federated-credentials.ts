// /applications/{key}/federatedIdentityCredentials: list, create, get/update/delete by id, by name
// in the id's place or (name='…'), upsert by name with `Prefer: create-if-missing`. At most 20 per application.
import { randomUUID } from 'node:crypto';
import type { StoredApplication, StoredFederatedCredential } from '../tenant.js';
import { assertCanReadApplication, assertCanWriteOwned } from './authorization.js';
import { badRequest, notFound } from './errors.js';
import { findApplication, keyAt } from './lookup.js';
import { applySelect, assertSelectable, contextUrl, toCollectionResponse } from './odata.js';
import { isVisible, type OperationContext, type OperationResult } from './operation.js';
import { SCHEMAS } from './schema.js';

const MAX_PER_APPLICATION = 20;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/** A federated identity credential as Graph returns it. */
export function toFederatedCredentialResource(
  c: StoredFederatedCredential,
): Record<string, unknown> {
  const { id, name, issuer, subject, audiences, description } = c;
  return { id, audiences: [...audiences], description, issuer, name, subject };
}

function entityContext(app: StoredApplication): string {
  return `applications('${app.id}')/federatedIdentityCredentials/$entity`;
}

/** GET /applications/{key}/federatedIdentityCredentials */
export function listFederatedCredentials(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanReadApplication(ctx, app);
  const items = app.federatedIdentityCredentials.filter((c) =>
    isVisible(ctx, 'federatedCredential', c._createdAt),
  );
  const path = `/applications/${app.id}/federatedIdentityCredentials`;
  const location = {
    baseUrl: ctx.baseUrl,
    path,
    context: `applications('${app.id}')/federatedIdentityCredentials`,
  };
  return {
    status: 200,
    body: toCollectionResponse(
      items,
      toFederatedCredentialResource,
      ctx.query,
      SCHEMAS.federatedIdentityCredential,
      location,
    ),
  };
}

/** GET /applications/{key}/federatedIdentityCredentials/{id} or (name='…') */
export function getFederatedCredential(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanReadApplication(ctx, app);
  const credential = findCredential(ctx, app);
  assertSelectable(ctx.query, SCHEMAS.federatedIdentityCredential);
  const resource = applySelect(
    toFederatedCredentialResource(credential),
    ctx.query,
    SCHEMAS.federatedIdentityCredential,
  );
  return {
    status: 200,
    body: { '@odata.context': contextUrl(ctx.baseUrl, entityContext(app), ctx.query), ...resource },
  };
}

/** POST /applications/{key}/federatedIdentityCredentials */
export function createFederatedCredential(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanWriteOwned(ctx, app);
  return storeNewCredential(ctx, app, ctx.body);
}

/** PATCH …/federatedIdentityCredentials/{id} or (name='…'); with `Prefer: create-if-missing` on a name an upsert. */
export function updateFederatedCredential(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanWriteOwned(ctx, app);
  const key = keyAt(ctx, 1);
  const existing = app.federatedIdentityCredentials.find((c) =>
    matchesKey(c, key.property, key.value),
  );
  if (!existing && key.property === 'name' && /create-if-missing/i.test(ctx.headers.prefer ?? '')) {
    return storeNewCredential(ctx, app, { ...ctx.body, name: key.value });
  }
  const credential = findCredential(ctx, app);
  const draft = { ...credential, ...validatedFields(ctx.body, false) };
  if (draft.name !== credential.name)
    throw badRequest("Property 'name' is read-only and cannot be set.");
  assertUnique(app, draft, credential.id);
  Object.assign(credential, draft);
  return { status: 204 };
}

/** DELETE …/federatedIdentityCredentials/{id} or (name='…') */
export function deleteFederatedCredential(ctx: OperationContext): OperationResult {
  const app = findApplication(ctx, keyAt(ctx, 0));
  assertCanWriteOwned(ctx, app);
  const credential = findCredential(ctx, app);
  app.federatedIdentityCredentials = app.federatedIdentityCredentials.filter(
    (c) => c.id !== credential.id,
  );
  return { status: 204 };
}

function storeNewCredential(
  ctx: OperationContext,
  app: StoredApplication,
  body: Record<string, unknown>,
): OperationResult {
  const fields = validatedFields(body, true);
  if (app.federatedIdentityCredentials.length >= MAX_PER_APPLICATION) {
    // Limit documented (20 per application); the message wording is assumed.
    throw badRequest(
      `The number of federated identity credentials on the application exceeds the limit of ${MAX_PER_APPLICATION}.`,
    );
  }
  const credential: StoredFederatedCredential = {
    id: randomUUID(),
    name: fields.name as string,
    issuer: fields.issuer as string,
    subject: fields.subject as string,
    audiences: fields.audiences as string[],
    description: fields.description ?? null,
    _createdAt: ctx.now,
  };
  assertUnique(app, credential, credential.id);
  app.federatedIdentityCredentials.push(credential);
  const body201 = {
    '@odata.context': `${ctx.baseUrl}/$metadata#${entityContext(app)}`,
    ...toFederatedCredentialResource(credential),
  };
  return { status: 201, body: body201 };
}

function validatedFields(
  body: Record<string, unknown>,
  creating: boolean,
): Partial<StoredFederatedCredential> {
  const fields: Partial<StoredFederatedCredential> = {};
  for (const [property, value] of Object.entries(body)) {
    if (property.startsWith('@odata.')) continue;
    if (!SCHEMAS.federatedIdentityCredential.properties.has(property))
      throw badRequest(
        `Property '${property}' does not exist as a declared property or extension property.`,
      );
    if (property === 'id') throw badRequest("Property 'id' is read-only and cannot be set.");
    (fields as Record<string, unknown>)[property] = value;
  }
  if (creating || fields.name !== undefined)
    assertField(typeof fields.name === 'string' && NAME_PATTERN.test(fields.name), 'name');
  if (creating || fields.issuer !== undefined)
    assertField(typeof fields.issuer === 'string' && fields.issuer.length > 0, 'issuer');
  if (creating || fields.subject !== undefined)
    assertField(
      typeof fields.subject === 'string' &&
        fields.subject.length > 0 &&
        fields.subject.length <= 600,
      'subject',
    );
  if (creating || fields.audiences !== undefined) {
    // Entra accepts exactly one audience per credential.
    assertField(
      Array.isArray(fields.audiences) &&
        fields.audiences.length === 1 &&
        typeof fields.audiences[0] === 'string',
      'audiences',
    );
  }
  return fields;
}

function assertField(ok: boolean, property: string): void {
  if (!ok)
    throw badRequest(
      `Invalid value specified for property '${property}' of resource 'FederatedIdentityCredential'.`,
    );
}

function assertUnique(
  app: StoredApplication,
  candidate: StoredFederatedCredential,
  ownId: string,
): void {
  for (const other of app.federatedIdentityCredentials) {
    if (other.id === ownId) continue;
    // Wording assumed; uniqueness of name, and of issuer + subject, is documented.
    if (other.name.toLowerCase() === candidate.name.toLowerCase())
      throw badRequest(`FederatedIdentityCredential with name ${candidate.name} already exists.`);
    if (other.issuer === candidate.issuer && other.subject === candidate.subject) {
      throw badRequest(
        'FederatedIdentityCredential with the same issuer and subject already exists.',
      );
    }
  }
}

// Graph takes the name in the id's place too (…/federatedIdentityCredentials/{id-or-name}); the
// Azure CLI's `federated-credential show/delete --federated-credential-id <name>` relies on it.
function matchesKey(c: StoredFederatedCredential, property: string, value: string): boolean {
  const byName = c.name.toLowerCase() === value.toLowerCase();
  return property === 'name' ? byName : c.id === value || byName;
}

function findCredential(ctx: OperationContext, app: StoredApplication): StoredFederatedCredential {
  const key = keyAt(ctx, 1);
  const credential = app.federatedIdentityCredentials.find((c) =>
    matchesKey(c, key.property, key.value),
  );
  if (!credential || !isVisible(ctx, 'federatedCredential', credential._createdAt))
    throw notFound(key.value);
  return credential;
}
