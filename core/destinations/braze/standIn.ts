import {
  parseJson,
  startProfileStandIn,
  type ProfileStandIn,
  type ProfileState,
  type StandInAnswer,
  type StandInOptions,
} from '../http/standInServer.js';
import {
  BRAZE_ATTRIBUTES_PER_REQUEST,
  BRAZE_BYTES_PER_REQUEST,
  BRAZE_DELETES_PER_REQUEST,
} from './limits.js';

/**
 * Profiles by external_id (the attributes merged as Braze does), external_ids received on
 * /users/track, and the minor error Braze answers for a refused one.
 */
export interface BrazeStandIn extends ProfileStandIn {
  apiKey: string;
}

/** A Braze REST API on loopback, following its public reference (each rule cites its page). */
export async function startBrazeStandIn(options: StandInOptions = {}): Promise<BrazeStandIn> {
  const apiKey = 'braze-test-key-0001';
  const standIn = await startProfileStandIn((request, limited, state): StandInAnswer => {
    // https://www.braze.com/docs/api/errors/#fatal-errors: 401 "Unknown or missing REST API key".
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return { status: 401, body: { message: 'Invalid API key' } };
    }
    // https://www.braze.com/docs/api/api_limits/: over the limit, 429 with X-RateLimit-* headers.
    if (limited()) {
      return {
        status: 429,
        body: { message: 'API rate limit reached' },
        headers: {
          'x-ratelimit-limit': '3000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000)),
        },
      };
    }
    // https://www.braze.com/docs/api/endpoints/user_data/: more than 4 MB of data, 413.
    if (request.bytes > BRAZE_BYTES_PER_REQUEST) {
      return { status: 413, body: { message: 'Request Entity Too Large' } };
    }
    const body = parseJson(request.body) as Record<string, unknown> | undefined;
    // https://www.braze.com/docs/api/errors/#fatal-errors: 400 for a body that is not valid JSON.
    if (request.method !== 'POST' || !body || typeof body !== 'object') {
      return { status: 400, body: { message: 'Invalid JSON in request body' } };
    }
    if (request.path === '/users/track') return track(body, state);
    if (request.path === '/users/delete') return remove(body, state);
    // https://www.braze.com/docs/api/errors/#fatal-errors: 404 for an unknown path.
    return { status: 404, body: { message: 'Not found' } };
  }, options);
  return { ...standIn, apiKey };
}

// https://www.braze.com/docs/api/endpoints/user_data/post_user_track/
function track(body: Record<string, unknown>, state: ProfileState): StandInAnswer {
  const list = (name: string) => (Array.isArray(body[name]) ? (body[name] as unknown[]) : []);
  const attributes = list('attributes');
  // (Rate limit) and https://www.braze.com/docs/api/api_limits/: at most 75 objects a request,
  // attributes, events and purchases combined (the status Braze answers over it is not stated).
  const objects = attributes.length + list('events').length + list('purchases').length;
  if (objects > BRAZE_ATTRIBUTES_PER_REQUEST) {
    return {
      status: 400,
      body: {
        message: `Too many objects: at most ${BRAZE_ATTRIBUTES_PER_REQUEST} attributes, events and purchases a request`,
      },
    };
  }
  // https://www.braze.com/docs/api/errors/#server-responses: "success" with minor errors; the
  // objects without an error are still processed.
  const errors: { type: string; input_array: string; index: number }[] = [];
  attributes.forEach((raw, index) => {
    const object = (raw ?? {}) as Record<string, unknown>;
    const id = object.external_id;
    // (Request components) one of external_id, user_alias or braze_id is required; a string.
    if (typeof id !== 'string' || id === '') {
      errors.push({
        type: "'external_id', 'braze_id', or 'user_alias' is required",
        input_array: 'attributes',
        index,
      });
      return;
    }
    const refused = state.refuse.get(id);
    if (refused) {
      errors.push({ type: refused, input_array: 'attributes', index });
      return;
    }
    state.received.push(id);
    state.profiles.set(id, { ...(state.profiles.get(id) ?? {}), ...object });
  });
  return {
    status: 201,
    body: {
      message: 'success',
      attributes_processed: attributes.length - errors.length,
      ...(errors.length > 0 ? { errors } : {}),
    },
  };
}

// https://www.braze.com/docs/api/endpoints/user_data/post_user_delete/
function remove(body: Record<string, unknown>, state: ProfileState): StandInAnswer {
  const ids = Array.isArray(body.external_ids) ? (body.external_ids as unknown[]) : [];
  // Up to 50 external_ids a request.
  if (ids.length > BRAZE_DELETES_PER_REQUEST) {
    return {
      status: 400,
      body: { message: `Too many external_ids: at most ${BRAZE_DELETES_PER_REQUEST} a request` },
    };
  }
  let deleted = 0;
  for (const id of ids) if (typeof id === 'string' && state.profiles.delete(id)) deleted++;
  return { status: 201, body: { deleted, message: 'success' } };
}
