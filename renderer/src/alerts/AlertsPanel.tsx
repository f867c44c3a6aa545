import { useState } from 'react';
import type { AlertRecord, AlertRule, SyncSummary } from '../../../core/api/types';
import { DataTable, type Column } from '../components/DataTable';
import { useToast } from '../components/Toasts';
import { AlertRuleForm, KIND_LABELS } from './AlertRuleForm';
import { useAlertHistory, useAlertRules, useTestAlertRule } from './queries';
import { useApi } from '../api/ApiContext';
import { useUndoableDelete, useWithoutDeleted } from '../components/undoableDelete';
import { browserNotifications } from './useAlertNotifications';
import { FormError } from '../components/FormError';
import { Button, LinkButton } from '../components/Button';

const ruleText = (rule: AlertRule) =>
  rule.kind === 'failure-rate' && rule.threshold !== null
    ? `More than ${Math.round(rule.threshold * 1000) / 10}% of a run's records fail`
    : rule.kind === 'idle' && rule.threshold !== null
      ? `${rule.threshold} scheduled run${rule.threshold === 1 ? '' : 's'} in a row send nothing`
      : KIND_LABELS[rule.kind];

const channelsText = (rule: AlertRule) =>
  [rule.slack && `Slack (${rule.slack})`, rule.webhook && `Webhook (${rule.webhook})`]
    .filter(Boolean)
    .join(', ') || 'This app only';

const NO_RULES = {
  title: 'No alerts for this sync',
  body: 'Hear when it fails, when too many records fail, when scheduled runs send nothing, or when usage nears the plan: here, in Slack or at a webhook. Use Add alert.',
};

const NO_HISTORY = {
  title: 'No alerts raised yet',
  body: 'Alerts this sync raises are listed here, with where each was delivered.',
};

const HISTORY_COLUMNS: Column<AlertRecord>[] = [
  { key: 'when', header: 'When', type: 'datetime', value: (a) => a.createdAt },
  {
    key: 'alert',
    header: 'Alert',
    value: (a) => a.title,
    render: (a) => (
      <>
        <strong>{a.title}</strong>
        <div className="small">{a.message}</div>
      </>
    ),
  },
  { key: 'delivered', header: 'Delivered', render: (a) => <Deliveries alert={a} /> },
];

/** The sync's alert rules (add, test, remove) and every alert raised, with how it was delivered. */
export function AlertsPanel({ sync }: { sync: SyncSummary }) {
  const rules = useAlertRules(sync.id);
  const history = useAlertHistory(sync.id);
  const visibleRules = useWithoutDeleted(rules.data ?? []);
  const { call } = useApi();
  const startDelete = useUndoableDelete();
  const test = useTestAlertRule();
  const toast = useToast();
  const [adding, setAdding] = useState(false);

  return (
    <section className="alerts" aria-label="Alerts">
      <div className="section-head">
        <h3 className="section-title">Rules</h3>
        {!adding && (
          <Button small onClick={() => setAdding(true)}>
            Add alert
          </Button>
        )}
      </div>
      <NotificationPermission />
      {adding && (
        <AlertRuleForm
          syncId={sync.id}
          onAdded={() => {
            setAdding(false);
            toast({ tone: 'success', title: 'Alert added' }, 3000);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <DataTable
        label="Alert rules"
        columns={[
          { key: 'when', header: 'Alert when', value: ruleText },
          { key: 'to', header: 'Also sent to', value: channelsText, className: 'small' },
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            render: (rule) => (
              <div className="button-row">
                <Button
                  small
                  disabled={test.isPending}
                  title="Send a test alert through this rule's channels now"
                  onClick={() => test.mutate(rule.id)}
                >
                  Send test
                </Button>
                <Button
                  small
                  tone="danger"
                  aria-label={`Remove alert: ${ruleText(rule)}`}
                  onClick={() =>
                    startDelete({
                      id: rule.id,
                      what: `alert “${ruleText(rule)}”`,
                      remove: () => call('alerts.remove', { rule: rule.id }),
                      refreshes: ['alerts'],
                    })
                  }
                >
                  Remove
                </Button>
              </div>
            ),
          },
        ]}
        query={rules}
        rows={visibleRules}
        rowKey={(rule) => rule.id}
        errorTitle="Could not load the alert rules"
        empty={NO_RULES}
      />
      <FormError error={test.error} />

      <div className="section-head">
        <h3 className="section-title">History</h3>
      </div>
      <DataTable
        label="Alert history"
        columns={HISTORY_COLUMNS}
        query={history}
        rowKey={(alert) => alert.id}
        errorTitle="Could not load the alert history"
        empty={NO_HISTORY}
      />
    </section>
  );
}

function Deliveries({ alert }: { alert: AlertRecord }) {
  if (alert.deliveries.length === 0) return <span className="muted small">This app</span>;
  return (
    <div className="badge-row">
      {alert.deliveries.map((d) => (
        <span
          key={d.channel}
          className={`badge ${d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'error' : ''}`}
          title={d.error ? `${d.target}: ${d.error}` : d.target}
        >
          {d.channel === 'slack' ? 'Slack' : 'Webhook'} {d.status}
          {d.error ? `: ${d.error}` : ''}
        </span>
      ))}
    </div>
  );
}

/** In browser mode, desktop notifications need the user's permission once. */
function NotificationPermission() {
  const [permission, setPermission] = useState(browserNotifications);
  if (permission === null || permission === 'granted') return null;
  return (
    <p className="muted small">
      {permission === 'denied' ? (
        'Desktop notifications are blocked for this page in the browser; alerts still show here.'
      ) : (
        <>
          Alerts show here; this browser can also show them as desktop notifications.{' '}
          <LinkButton onClick={() => void Notification.requestPermission().then(setPermission)}>
            Allow desktop notifications
          </LinkButton>
        </>
      )}
    </p>
  );
}
