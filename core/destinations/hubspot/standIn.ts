import { startLoopbackApi, type ApiAnswer, type ApiRequest } from '../../testing/loopbackApi.js';
import { HUBSPOT_INPUTS_PER_REQUEST, HUBSPOT_MAX_VALUE_CHARS } from './limits.js';

/** A property as `GET /crm/v3/properties/{object}` describes it. */
export interface StandInProperty {
  name: string;
  label?: string;
  type: 'string' | 'number' | 'bool' | 'date' | 'datetime' | 'enumeration';
  fieldType?: string;
  hasUniqueValue?: boolean;
  readOnly?: boolean;
  /** For enumerations: the allowed values. */
  options?: string[];
}

export interface HubspotStandIn {
  url: string;
  /** The token that works now (a fresh one once `expireTokenAfter` has struck). */
  readonly accessToken: string;
  /** Objects by their idProperty value: properties as HubSpot holds them (no empty ones). */
  byKey(idProperty: string): Map<string, Record<string, string>>;
  /** Every id received in an upsert input, in order (duplicates kept). */
  upserted: string[];
  /** Every object id archived. */
  archived: string[];
  /** An admin adds an allowed value to an enumeration property. */
  addOption(property: string, value: string): void;
  /** The next `count` requests answer 429 (HubSpot's ten-secondly policy). */
  rateLimitNext(count: number): void;
  /**
   * Once `count` more requests are carried out, the token in use expires (an OAuth access token
   * lives 30 minutes): it is refused with 401 from then on, and `accessToken` is a fresh one.
   */
  expireTokenAfter(count: number): void;
  requests: ApiRequest[];
  close(): Promise<void>;
}

const DEFAULT_PROPERTIES: StandInProperty[] = [
  { name: 'email', type: 'string', fieldType: 'text', hasUniqueValue: false },
  { name: 'firstname', type: 'string', fieldType: 'text' },
  { name: 'lastname', type: 'string', fieldType: 'text' },
  { name: 'ebb_id', type: 'string', fieldType: 'text', hasUniqueValue: true },
  { name: 'score', type: 'number', fieldType: 'number' },
  { name: 'plan', type: 'enumeration', fieldType: 'select', options: ['free', 'pro'] },
  { name: 'hs_object_id', type: 'number', fieldType: 'number', readOnly: true },
];

const correlationId = () => `c0ffee00-${Math.random().toString(16).slice(2, 10)}`;

/**
 * The HubSpot CRM v3 objects API on loopback, following its public reference; each rule cites
 * the page it follows. One object type (`contacts` unless told), its properties as given.
 */
/** A HubSpot destination's settings pointed at this stand-in: its token, contacts by `ebb_id`. */
export const hubspotStandInSettings = (standIn: HubspotStandIn) => ({
  endpoint: standIn.url,
  accessToken: standIn.accessToken,
  idProperty: 'ebb_id',
});

export async function startHubspotStandIn(
  options: {
    accessToken?: string;
    object?: string;
    properties?: StandInProperty[];
    latencyMs?: number;
    keepRequests?: boolean;
  } = {},
): Promise<HubspotStandIn> {
  let accessToken = options.accessToken ?? 'pat-na1-test-token-0001';
  let tokens = 1;
  let expiresIn: number | undefined;
  const object = options.object ?? 'contacts';
  const properties = (options.properties ?? DEFAULT_PROPERTIES).map((p) => ({ ...p }));
  const propertyByName = new Map(properties.map((p) => [p.name, p]));
  const objects = new Map<string, Record<string, string>>();
  const upserted: string[] = [];
  const archived: string[] = [];
  let nextId = 1001;
  let limited = 0;

  // Index per idProperty, kept up to date on writes (the bench upserts 100,000 objects).
  const indexes = new Map<string, Map<string, string>>();
  const index = (idProperty: string): Map<string, string> => {
    let found = indexes.get(idProperty);
    if (!found) {
      found = new Map();
      for (const [id, props] of objects) {
        const key = props[idProperty];
        if (key !== undefined) found.set(key, id);
      }
      indexes.set(idProperty, found);
    }
    return found;
  };
  const reindex = (id: string, before: Record<string, string> | undefined) => {
    const after = objects.get(id);
    for (const [name, map] of indexes) {
      const old = before?.[name];
      if (old !== undefined && map.get(old) === id) map.delete(old);
      const now = after?.[name];
      if (now !== undefined) map.set(now, id);
    }
  };

  const api = await startLoopbackApi(
    (request) => {
      // https://developers.hubspot.com/docs/api-reference/error-handling: 401 when the
      // authentication is invalid; private apps send `Authorization: Bearer <token>`.
      if (request.headers.authorization !== `Bearer ${accessToken}`) {
        return {
          status: 401,
          json: {
            status: 'error',
            message:
              'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
            correlationId: correlationId(),
            category: 'INVALID_AUTHENTICATION',
          },
        };
      }
      // https://developers.hubspot.com/docs/api/usage-details: over a limit, 429 with the
      // policy that was hit (TEN_SECONDLY_ROLLING for the burst limit).
      if (limited > 0) {
        limited--;
        return {
          status: 429,
          json: {
            status: 'error',
            message: 'You have reached your ten_secondly_rolling limit.',
            errorType: 'RATE_LIMIT',
            correlationId: correlationId(),
            policyName: 'TEN_SECONDLY_ROLLING',
            groupName: 'publicapi:private-app:1234',
          },
        };
      }
      const answer = route(request);
      if (expiresIn !== undefined && --expiresIn <= 0) {
        expiresIn = undefined;
        accessToken = `pat-na1-test-token-${String(++tokens).padStart(4, '0')}`;
      }
      return answer;
    },
    { latencyMs: options.latencyMs, keepRequests: options.keepRequests },
  );

  function route(request: ApiRequest): ApiAnswer {
    const parts = request.path.split('/').filter(Boolean);
    // /crm/v3/properties/{object}[/{name}]: read all properties ({results}) or one by name, 404
    // for a name the object lacks.
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/properties/guide
    if (request.method === 'GET' && parts[2] === 'properties' && parts[3] === object) {
      const described = properties.map(describe);
      if (parts[4] === undefined) return { status: 200, json: { results: described } };
      const one = described.find((p) => p.name === parts[4]);
      return one
        ? { status: 200, json: one }
        : notFound(`Unable to find property ${parts[4]} for object type ${object}`);
    }
    // /crm/v3/objects/{object}/batch/{upsert|read|archive}
    if (
      request.method !== 'POST' ||
      parts[2] !== 'objects' ||
      parts[3] !== object ||
      parts[4] !== 'batch'
    ) {
      return notFound(`No route for ${request.method} ${request.path}`);
    }
    let body: { inputs?: unknown; idProperty?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return validation('Invalid input JSON on line 1');
    }
    const inputs = Array.isArray(body.inputs) ? (body.inputs as Record<string, unknown>[]) : null;
    if (!inputs) return validation('Invalid input JSON: inputs is required');
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts:
    // batch endpoints take at most 100 inputs.
    if (inputs.length > HUBSPOT_INPUTS_PER_REQUEST) {
      return validation(
        `Batch input size must be <= ${HUBSPOT_INPUTS_PER_REQUEST}, but was ${inputs.length}`,
      );
    }
    if (parts[5] === 'upsert') return upsert(inputs);
    if (parts[5] === 'read') return read(inputs, body.idProperty);
    if (parts[5] === 'archive') return archive(inputs);
    return notFound(`No route for ${request.path}`);
  }

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts:
  // inputs [{id, idProperty, objectWriteTraceId, properties}], `id` is the idProperty's value.
  function upsert(inputs: Record<string, unknown>[]): ApiAnswer {
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs) {
      const trace =
        typeof input.objectWriteTraceId === 'string' ? input.objectWriteTraceId : undefined;
      const idProperty = String(input.idProperty ?? '');
      const key = input.id;
      const unique = propertyByName.get(idProperty);
      // Same page: idProperty names a property whose values are unique (or email on contacts).
      if (
        !unique ||
        !(unique.hasUniqueValue || (idProperty === 'email' && object === 'contacts'))
      ) {
        return validation(
          `${idProperty} is not a unique property of ${object}; idProperty must be one`,
        );
      }
      // Same page: each input's id is the idProperty's value, a string.
      if (typeof key !== 'string' || key === '') {
        return validation('Invalid input JSON: inputs[].id must be a non-empty string');
      }
      const props = (input.properties ?? {}) as Record<string, unknown>;
      const problem = invalidValues(props);
      if (problem) {
        // https://developers.hubspot.com/docs/api-reference/error-handling (Multi-status errors):
        // with objectWriteTraceId, a refused input is named in errors[].context.objectWriteTraceId.
        errors.push({
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: `Property values were not valid: ${JSON.stringify(problem)}`,
          context: trace ? { objectWriteTraceId: [trace] } : {},
        });
        continue;
      }
      upserted.push(key);
      const existing = index(idProperty).get(key);
      const id = existing ?? String(nextId++);
      const before = objects.get(id);
      const next: Record<string, string> = { ...(before ?? {}) };
      for (const [name, value] of Object.entries(props)) {
        // https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/batch/update-contacts.md:
        // property values can be cleared by passing an empty string.
        if (value === '') delete next[name];
        else next[name] = String(value);
      }
      next[idProperty] = key;
      objects.set(id, next);
      reindex(id, before);
      results.push({
        id,
        properties: { ...next, hs_object_id: id },
        new: !existing,
        archived: false,
        objectWriteTraceId: trace,
      });
    }
    return batchAnswer(results, errors);
  }

  /**
   * Per property, HubSpot's validation answer for a value it refuses.
   * https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/batch/update-contacts.md: values are strings; read-only and non-existent properties
   * result in an error. https://knowledge.hubspot.com/properties/property-field-types-in-hubspot:
   * a number property holds numbers, a dropdown (enumeration) only its options, a text value at
   * most 65,536 characters; an email must be a valid address.
   */
  function invalidValues(props: Record<string, unknown>): unknown[] | undefined {
    const problems: unknown[] = [];
    for (const [name, raw] of Object.entries(props)) {
      const property = propertyByName.get(name);
      if (typeof raw !== 'string') {
        problems.push({
          isValid: false,
          message: `${JSON.stringify(raw)} is not a string`,
          error: 'INVALID_TYPE',
          name,
        });
        continue;
      }
      if (!property) {
        problems.push({
          isValid: false,
          message: `Property "${name}" does not exist`,
          error: 'PROPERTY_DOESNT_EXIST',
          name,
        });
        continue;
      }
      if (property.readOnly) {
        problems.push({
          isValid: false,
          message: `"${name}" is a read only property; its value cannot be set.`,
          error: 'READ_ONLY_VALUE',
          name,
        });
        continue;
      }
      if (raw.length > HUBSPOT_MAX_VALUE_CHARS) {
        problems.push({
          isValid: false,
          message: `Value for ${name} is too long`,
          error: 'INVALID_LENGTH',
          name,
        });
        continue;
      }
      if (raw === '') continue;
      if (property.type === 'number' && !Number.isFinite(Number(raw))) {
        problems.push({
          isValid: false,
          message: `${raw} was not a valid number.`,
          error: 'INVALID_FLOAT',
          name,
        });
      }
      if (property.type === 'enumeration' && !(property.options ?? []).includes(raw)) {
        problems.push({
          isValid: false,
          message: `${raw} was not one of the allowed options: [${(property.options ?? []).join(', ')}]`,
          error: 'INVALID_OPTION',
          name,
        });
      }
      if (name === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(raw)) {
        problems.push({
          isValid: false,
          message: `Email address ${raw} is invalid`,
          error: 'INVALID_EMAIL',
          name,
        });
      }
    }
    return problems.length ? problems : undefined;
  }

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/read-contacts:
  // inputs [{id}] matched against idProperty; ids not found are named in a 207's errors.
  function read(inputs: Record<string, unknown>[], idProperty: unknown): ApiAnswer {
    const by = typeof idProperty === 'string' ? idProperty : 'hs_object_id';
    const results: unknown[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const key = String(input.id);
      const id = by === 'hs_object_id' ? (objects.has(key) ? key : undefined) : index(by).get(key);
      if (id === undefined) missing.push(key);
      else
        results.push({ id, properties: { ...objects.get(id), hs_object_id: id }, archived: false });
    }
    return batchAnswer(
      results,
      missing.length === 0
        ? []
        : [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message:
                'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
              context: { ids: missing },
            },
          ],
    );
  }

  // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/archive-contacts:
  // inputs [{id}] by object id; 204 No Content.
  function archive(inputs: Record<string, unknown>[]): ApiAnswer {
    for (const input of inputs) {
      const id = String(input.id);
      const before = objects.get(id);
      if (before) {
        objects.delete(id);
        reindex(id, before);
        archived.push(id);
      }
    }
    return { status: 204 };
  }

  function describe(p: StandInProperty) {
    return {
      name: p.name,
      label: p.label ?? p.name,
      type: p.type,
      fieldType: p.fieldType ?? 'text',
      hasUniqueValue: p.hasUniqueValue ?? false,
      options: (p.options ?? []).map((value) => ({ label: value, value, hidden: false })),
      modificationMetadata: { readOnlyValue: p.readOnly ?? false, archivable: true },
    };
  }

  return {
    url: api.url,
    get accessToken() {
      return accessToken;
    },
    byKey: (idProperty) => {
      const out = new Map<string, Record<string, string>>();
      for (const props of objects.values()) {
        const key = props[idProperty];
        if (key !== undefined) out.set(key, { ...props });
      }
      return out;
    },
    upserted,
    archived,
    addOption: (name, value) => {
      const property = propertyByName.get(name);
      if (!property) throw new Error(`no property ${name}`);
      property.options = [...(property.options ?? []), value];
    },
    rateLimitNext: (count) => {
      limited += count;
    },
    expireTokenAfter: (count) => {
      expiresIn = count;
    },
    requests: api.requests,
    close: api.close,
  };
}

// https://developers.hubspot.com/docs/api-reference/error-handling: CRM errors carry status,
// message, correlationId and category.
/**
 * A batch's answer: 200 COMPLETE with its results, or 207 (multi-status) when some inputs erred,
 * with the errors and their count.
 */
function batchAnswer(results: unknown[], errors: unknown[]): ApiAnswer {
  const now = new Date().toISOString();
  const times = { startedAt: now, completedAt: now };
  if (errors.length === 0) return { status: 200, json: { status: 'COMPLETE', results, ...times } };
  return {
    status: 207,
    json: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...times },
  };
}

// https://developers.hubspot.com/docs/api-reference/error-handling: a request HubSpot cannot take
// (bad JSON, too many inputs, a non-unique idProperty), 400 with category VALIDATION_ERROR.
const validation = (message: string): ApiAnswer => ({
  status: 400,
  json: { status: 'error', message, correlationId: correlationId(), category: 'VALIDATION_ERROR' },
});

// Same page: a path or object that does not exist, 404 in the same error shape.
const notFound = (message: string): ApiAnswer => ({
  status: 404,
  json: { status: 'error', message, correlationId: correlationId(), category: 'OBJECT_NOT_FOUND' },
});
