import {
  parseJson,
  startProfileStandIn,
  type ProfileStandIn,
  type StandInAnswer,
  type StandInOptions,
} from '../http/standInServer.js';
import {
  MIXPANEL_BYTES_PER_REQUEST,
  MIXPANEL_BYTES_PER_UPDATE,
  MIXPANEL_UPDATES_PER_REQUEST,
} from './limits.js';

/** Every $distinct_id set is received; a refused one gets strict mode's validation message. */
export interface MixpanelStandIn extends ProfileStandIn {
  token: string;
}

/** Mixpanel's /engage on loopback, following its public reference (each rule cites its page). */
export async function startMixpanelStandIn(options: StandInOptions = {}): Promise<MixpanelStandIn> {
  const token = 'mixpanel-test-token-01';
  const standIn = await startProfileStandIn((request, limited, state): StandInAnswer => {
    const { profiles, received, refuse } = state;
    // https://docs.mixpanel.com/reference/profile-batch-update: profile updates are POST /engage;
    // Ebb calls nothing else, so any other path or method is answered as not found.
    if (request.path !== '/engage' || request.method !== 'POST') {
      return { status: 404, body: { error: 'not found', status: 0 } };
    }
    // https://docs.mixpanel.com/troubleshooting/errors/429-rate-limit-exceeded: over the
    // project's ingestion rate, 429 with this body and no Retry-After (none is documented: the
    // client backs off exponentially).
    if (limited()) {
      return {
        status: 429,
        body: {
          code: 429,
          error: 'Project exceeded rate limits. Please retry the request with exponential backoff.',
          status: 'Too Many Requests',
        },
      };
    }
    // https://docs.mixpanel.com/troubleshooting/errors/413-payload-too-large: over 10 MB
    // uncompressed a request, 413 with this body.
    if (request.bytes > MIXPANEL_BYTES_PER_REQUEST) {
      return {
        status: 413,
        body: {
          code: 413,
          error: `request exceeds max limit of ${MIXPANEL_BYTES_PER_REQUEST} bytes`,
          status: 'Request Entity Too Large',
        },
      };
    }
    const updates = parseJson(request.body);
    // https://docs.mixpanel.com/reference/profile-batch-update: a JSON list of update objects.
    if (!Array.isArray(updates))
      return { status: 400, body: { error: 'data is not a JSON list', status: 0 } };
    // https://docs.mixpanel.com/reference/user-profile-limits: at most 2000 updates a request.
    if (updates.length > MIXPANEL_UPDATES_PER_REQUEST) {
      return {
        status: 400,
        body: { error: `more than ${MIXPANEL_UPDATES_PER_REQUEST} updates`, status: 0 },
      };
    }
    // https://docs.mixpanel.com/reference/profile-set (responses): 401 Unauthorized with an
    // ErrorResponse {error, status: "error"}; here for a $token that is not the project's.
    if (updates.some((u) => (u as Record<string, unknown>)?.$token !== token)) {
      return { status: 401, body: { error: 'Invalid project token', status: 'error' } };
    }
    const strict = request.query.get('strict') === '1';
    const failed: { index: number; $distinct_id?: unknown; message: string }[] = [];
    updates.forEach((raw, index) => {
      const update = raw as Record<string, unknown>;
      const id = update.$distinct_id;
      // https://docs.mixpanel.com/reference/user-profile-limits: each update at most 1 MB.
      if (Buffer.byteLength(JSON.stringify(update)) > MIXPANEL_BYTES_PER_UPDATE) {
        failed.push({ index, $distinct_id: id, message: 'update is larger than 1 MB' });
        return;
      }
      // https://docs.mixpanel.com/reference/profile-set: $distinct_id is a required string.
      if (typeof id !== 'string' || id === '') {
        failed.push({ index, $distinct_id: id, message: "'$distinct_id' is required" });
        return;
      }
      const refused = refuse.get(id);
      if (refused) {
        failed.push({ index, $distinct_id: id, message: refused });
        return;
      }
      // https://docs.mixpanel.com/reference/profile-delete: $delete removes the profile.
      if ('$delete' in update) {
        profiles.delete(id);
        return;
      }
      const values = (update.$set ?? {}) as Record<string, unknown>;
      received.push(id);
      profiles.set(id, { ...(profiles.get(id) ?? {}), ...values });
    });
    // https://docs.mixpanel.com/troubleshooting/errors/400-bad-request: with strict=1 a 400
    // names each failed record by index; the others were ingested.
    if (failed.length > 0 && strict) {
      return {
        status: 400,
        body: {
          code: 400,
          error: 'some data points in the request failed validation',
          status: 'Bad Request',
          num_records_imported: updates.length - failed.length,
          failed_records: failed,
        },
      };
    }
    // https://docs.mixpanel.com/reference/profile-set (responses, verbose parameter): 200 even
    // for invalid data; without strict the body is 1 when some update was valid, 0 when none
    // was; with strict (JSON answers) the verbose form {status: 1, error: null}.
    if (!strict) return { status: 200, body: failed.length === updates.length ? 0 : 1 };
    return { status: 200, body: { error: null, status: 1 } };
  }, options);
  return { ...standIn, token };
}
