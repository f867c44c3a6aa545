import { useState } from 'react';
import type {
  FieldMapping,
  RequestPreview,
  SyncSummary,
  TestRecord,
} from '../../../core/api/types';
import { ErrorState, LoadingState } from '../components/States';
import { prettyJson } from './prettyJson';
import { useTestRecord } from './queries';
import { Button } from '../components/Button';

const isJson = (request: RequestPreview) => request.contentType.includes('json');

function sourceLine(record: TestRecord): string {
  return record.source === 'pending'
    ? `The next change this sync sends: ${record.change.op} record ${record.change.id}.`
    : `Nothing is pending, so this is the model's first row (id ${record.change.id}) as an ${record.change.op === 'new' ? 'insert' : 'update'} would send it.`;
}

function RequestCard({ request, asSent }: { request: RequestPreview; asSent: boolean }) {
  const headers = Object.entries(request.headers ?? {});
  const body = asSent || !isJson(request) ? request.body : prettyJson(request.body);
  return (
    <li className="card test-request">
      <h3>{request.step}</h3>
      <p className="mono small request-line">
        <span className="badge">{request.method}</span> {request.target}
      </p>
      {headers.length > 0 && (
        <dl className="request-headers mono small" aria-label="Headers">
          {headers.map(([name, value]) => (
            <div key={name}>
              <dt>{name}:</dt> <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {request.body === '' ? (
        <p className="muted small">No body.</p>
      ) : (
        <pre className="payload mono" aria-label={`Payload of ${request.step}`} tabIndex={0}>
          {body}
        </pre>
      )}
    </li>
  );
}

/**
 * The "test record": one record exactly as the destination will receive it, built by the same
 * code that builds the real requests (credentials masked). Nothing is sent.
 */
export function TestRecordPanel({
  sync,
  mapping,
}: {
  sync: SyncSummary;
  /** An unsaved mapping to show instead of the sync's (the edit form). */
  mapping?: FieldMapping | null;
}) {
  const test = useTestRecord(sync.id, mapping);
  const [asSent, setAsSent] = useState(false);
  if (test.isPending) return <LoadingState label="Building the test record…" />;
  if (test.isError) {
    return (
      <ErrorState
        title="Could not build a test record"
        error={test.error}
        onRetry={() => void test.refetch()}
      />
    );
  }
  const record = test.data;
  const anyJson = record.requests.some(isJson);
  return (
    <div className="test-record" aria-label="Test record" role="region">
      <div className="preview-summary">
        <span>
          One record exactly as <strong>{sync.destination}</strong> will receive it. Nothing is
          sent. {sourceLine(record)}
          {test.isFetching && <span className="muted"> (refreshing…)</span>}
        </span>
        {anyJson && (
          <label className="inline-check">
            <input
              type="checkbox"
              checked={asSent}
              onChange={(event) => setAsSent(event.target.checked)}
            />{' '}
            On one line, as sent
          </label>
        )}
        <Button onClick={() => void test.refetch()}>Refresh</Button>
      </div>
      {record.rejected && (
        <p className="form-error" role="alert">
          Not sent: {record.rejected}
        </p>
      )}
      <ol className="samples test-requests">
        {record.requests.map((request, i) => (
          <RequestCard key={i} request={request} asSent={asSent} />
        ))}
      </ol>
      {record.note && <p className="muted small">{record.note}</p>}
    </div>
  );
}
