import { EbbError } from '../errors.js';
import { offsetOf } from './modelSql.js';

/** What the BigQuery client's errors carry: the HTTP status, the API's reasons, a network code. */
export interface BigQueryErrorLike {
  message: string;
  code?: number | string;
  errors?: { reason?: string; message?: string }[];
}

export interface BigQueryTarget {
  projectId: string;
  location: string;
  /** The service account's e-mail (client_email of its key). */
  account: string;
}

const reasons = (error: BigQueryErrorLike) => (error.errors ?? []).map((e) => e.reason ?? '');

/** Whether an API error is a missing permission (HTTP 403 accessDenied). */
export const isBigQueryDenied = (error: BigQueryErrorLike) =>
  reasons(error).includes('accessDenied') ||
  (error.code === 403 && !/quota|rate limit/i.test(error.message));

/**
 * An error of BigQuery or of Google's sign-in, in terms of what to fix: the key (invalid_grant
 * comes from Google's token endpoint when the key is deleted, disabled or the clock is off),
 * the network, the project, the API being off, the roles the service account needs.
 * https://cloud.google.com/bigquery/docs/error-messages
 * https://cloud.google.com/bigquery/docs/access-control#bigquery.jobUser
 */
export function bigqueryError(error: unknown, target: BigQueryTarget): EbbError {
  if (error instanceof EbbError) return error;
  const e = error as BigQueryErrorLike;
  const { projectId, account, location } = target;
  const message = e.message ?? String(error);
  if (
    typeof e.code === 'string' &&
    ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET'].includes(e.code)
  ) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `Cannot reach BigQuery (${e.code}): check this computer's network, proxy or firewall (bigquery.googleapis.com and oauth2.googleapis.com must be reachable).`,
    );
  }
  if (/invalid_grant|invalid_client|account not found/i.test(message)) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `Google refused the service account key of ${account} (${message}): the key may be deleted or disabled, or this computer's clock is off. Create a new JSON key under IAM → Service accounts → Keys.`,
    );
  }
  if (/DECODER|PEM|private key|asn1/i.test(message)) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `The private_key in the service account JSON cannot be read (${message}): paste the key file exactly as downloaded.`,
    );
  }
  if (/has not been used in project|is disabled|SERVICE_DISABLED/i.test(message)) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `The BigQuery API is not enabled in project ${projectId}: enable it (APIs & Services → BigQuery API → Enable), then try again.`,
    );
  }
  if (/bigquery\.jobs\.create/.test(message)) {
    return new EbbError(
      'PERMISSION_DENIED',
      `Service account ${account} may not run queries in project ${projectId}. Ask an administrator to grant it BigQuery Job User (roles/bigquery.jobUser) on the project.`,
    );
  }
  if (/Not found: Project/i.test(message)) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `Project ${projectId} does not exist or service account ${account} cannot see it: check the Project setting.`,
    );
  }
  if (/was not found in location/i.test(message)) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `${message}. Jobs run in ${location}: set Location to where the model's datasets live.`,
    );
  }
  return new EbbError(isBigQueryDenied(e) ? 'PERMISSION_DENIED' : 'WAREHOUSE_ERROR', message);
}

/** Whether an error is the model's own (invalid SQL, unknown table or column), not the service's. */
export const isBigQueryQueryError = (error: BigQueryErrorLike) =>
  reasons(error).some((r) => r === 'invalidQuery' || r === 'notFound' || r === 'invalid') &&
  !isBigQueryDenied(error);

/** Where a BigQuery error points in the query it ran ("… at [line:column]", both 1-based). */
export function bigqueryErrorPosition(query: string, message: string): number | undefined {
  const match = /at \[(\d+):(\d+)\]/.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  if (line > query.split('\n').length) return query.length;
  return offsetOf(query, line, Number(match[2]) - 1);
}
