import { useState } from 'react';
import type {
  DestinationSummary,
  ModelSummary,
  RunStatus,
  SyncSummary,
} from '../../../core/api/types';
import { AlertsPanel } from '../alerts/AlertsPanel';
import { useApi, useApiEvent } from '../api/ApiContext';
import { ConfirmBar } from '../components/ConfirmBar';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { useToast } from '../components/Toasts';
import { shortcutLabel, useShortcut } from '../shell/shortcuts';
import { useGuarded } from '../shell/unsavedChanges';
import { count, relative, runHeadline, when } from './format';
import { PreviewPanel } from './PreviewPanel';
import { useCancelSync, usePauseSync, useResetSync, useRunSync } from './queries';
import { RunHistory } from './RunHistory';
import { RunProgress, type Progress } from './RunProgress';
import { StatusBadge } from './StatusBadge';
import { TestRecordPanel } from './TestRecordPanel';
import { QuarantinePanel } from './QuarantinePanel';
import { MODES, SyncForm } from './SyncForm';
import { FormError } from '../components/FormError';
import { Button } from '../components/Button';
import { Tab, TabList } from '../components/Tab';

type SyncTab = 'preview' | 'test' | 'runs' | 'quarantine' | 'alerts' | 'settings';

export function SyncDetail({
  sync,
  models,
  destinations,
  onRemoved,
  limitReached = false,
}: {
  sync: SyncSummary;
  /** The plan's monthly limit is reached: runs would only pause, so Sync now is off. */
  limitReached?: boolean;
  models: ModelSummary[];
  destinations: DestinationSummary[];
  onRemoved: () => void;
}) {
  const [tab, setTab] = useState<SyncTab>('preview');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<RunStatus | undefined>();
  const [confirming, setConfirming] = useState<'delete' | 'reset' | null>(null);
  const run = useRunSync();
  const cancel = useCancelSync();
  const { call } = useApi();
  const reset = useResetSync();
  const pause = usePauseSync();
  const toast = useToast();
  const running = sync.running || run.isPending;
  // The Settings tab's unsaved edits are asked about before another tab replaces it.
  const guarded = useGuarded();

  useApiEvent('run.progress', (event) => {
    if (event.syncId !== sync.id) return;
    setProgress(event);
    if (event.phase !== 'done') setOutcome(undefined);
  });
  useApiEvent('run.finished', (summary) => {
    if (summary.syncId !== sync.id) return;
    const complete = summary.status === 'succeeded' || summary.status === 'partial';
    setOutcome(summary.status);
    setProgress((current) => ({
      runId: summary.runId,
      syncId: summary.syncId,
      sync: summary.sync,
      phase: 'done',
      changes: summary.changes,
      delivered: summary.delivered,
      failed: summary.failed,
      done: complete
        ? (current?.total ?? summary.delivered + summary.failed)
        : (current?.done ?? summary.delivered + summary.failed),
      total: current?.total ?? summary.delivered + summary.failed,
    }));
  });

  // The Settings form's edits come first: unsaved, they are saved or discarded before a run.
  const [formKey, setFormKey] = useState(0);
  const syncNow = () => {
    if (running || limitReached) return;
    guarded(() => {
      setFormKey((key) => key + 1); // discarded edits leave the form too
      setProgress(null);
      setOutcome(undefined);
      run.mutate(sync.id);
    }, 'running it');
  };
  useShortcut('Enter', syncNow, { outsideForms: true });

  return (
    <div className="sync-detail">
      <header className="pane-header">
        <div className="min0">
          <h2>{sync.name}</h2>
          <p className="muted small">
            <span className="mono">{sync.model}</span> →{' '}
            <span className="mono">{sync.destination}</span> ·{' '}
            {MODES.find((m) => m.mode === sync.mode)?.label} ·{' '}
            {sync.schedule && sync.paused ? (
              <>
                <span className="badge warn">paused</span> schedule{' '}
                <span className="mono">{sync.schedule}</span> (no runs by itself)
              </>
            ) : sync.schedule ? (
              <>
                every <span className="mono">{sync.schedule}</span>, next {relative(sync.nextRunAt)}
              </>
            ) : (
              'manual'
            )}{' '}
            · cap {count(sync.maxRecords)}
          </p>
        </div>
        <div className="button-row">
          {running ? (
            <Button
              tone="danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(sync.id)}
            >
              Cancel run
            </Button>
          ) : (
            <Button
              tone="primary"
              onClick={syncNow}
              disabled={limitReached}
              title={
                limitReached
                  ? 'The plan’s monthly limit is reached: syncs resume with the next billing cycle.'
                  : `Run this sync now (${shortcutLabel('Enter')})`
              }
            >
              Sync now <kbd>{shortcutLabel('↵')}</kbd>
            </Button>
          )}
          {sync.schedule && (
            <Button
              disabled={pause.isPending}
              title={
                sync.paused
                  ? 'Run on the schedule again, from its next slot'
                  : 'Stop scheduled runs (Sync now still works)'
              }
              onClick={() => pause.mutate({ sync: sync.id, paused: !sync.paused })}
            >
              {sync.paused ? 'Resume' : 'Pause'}
            </Button>
          )}
          <Button onClick={() => setConfirming('reset')} disabled={running}>
            Reset
          </Button>
          <Button tone="danger" onClick={() => setConfirming('delete')} disabled={running}>
            Delete
          </Button>
        </div>
      </header>

      {confirming === 'delete' && (
        <ConfirmDelete
          kind="sync"
          item={sync}
          question={
            <>
              Delete the sync <strong>{sync.name}</strong> and its state? Its run history goes too.
            </>
          }
          remove={() => call('syncs.remove', { sync: sync.id })}
          refreshes="syncs"
          onDeleted={() => {
            onRemoved();
            setConfirming(null);
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
      {confirming === 'reset' && (
        <ConfirmBar
          label="Confirm reset"
          question={<>Forget what was sent? The next run sends every record as new.</>}
          confirmLabel="Reset state"
          onConfirm={() => {
            reset.mutate(sync.id, {
              onSuccess: () => toast({ tone: 'info', title: `Reset “${sync.name}”` }, 3000),
            });
            setConfirming(null);
          }}
          onCancel={() => setConfirming(null)}
        />
      )}
      <FormError error={reset.error ?? pause.error} />

      {(running || progress) &&
        (progress ? (
          <RunProgress progress={progress} outcome={outcome} />
        ) : (
          <RunProgress
            progress={{
              runId: '',
              syncId: sync.id,
              sync: sync.name,
              phase: 'extract',
              changes: null,
              delivered: 0,
              failed: 0,
              done: 0,
              total: null,
            }}
          />
        ))}
      <FormError error={run.error} />
      {!running && sync.lastRun && (
        <p className="last-run small">
          Last run {when(sync.lastRun.startedAt)}: <StatusBadge status={sync.lastRun.status} />{' '}
          {runHeadline(sync.lastRun)}
        </p>
      )}

      <TabList label="Sync">
        {(
          [
            ['preview', 'Preview'],
            ['test', 'Test record'],
            ['runs', 'Run history'],
            ['quarantine', 'Quarantine'],
            ['alerts', 'Alerts'],
            ['settings', 'Settings'],
          ] as const
        ).map(([t, label]) => (
          <Tab key={t} selected={tab === t} onClick={() => guarded(() => setTab(t))}>
            {label}
          </Tab>
        ))}
      </TabList>
      {tab === 'preview' &&
        (running ? (
          <p className="muted">The preview is available when the run ends.</p>
        ) : (
          <PreviewPanel sync={sync} />
        ))}
      {tab === 'test' && <TestRecordPanel sync={sync} />}
      {tab === 'runs' && <RunHistory sync={sync} />}
      {tab === 'quarantine' && <QuarantinePanel sync={sync} />}
      {tab === 'alerts' && <AlertsPanel sync={sync} />}
      {tab === 'settings' && (
        <SyncForm
          key={formKey}
          sync={sync}
          models={models}
          destinations={destinations}
          onDone={() => {
            toast({ tone: 'success', title: 'Sync saved' }, 3000);
            setTab('preview');
          }}
          onCancel={() => setTab('preview')}
        />
      )}
    </div>
  );
}
