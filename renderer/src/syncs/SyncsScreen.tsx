import { useDestinations } from '../destinations/queries';
import { useModels } from '../models/queries';
import { instantDate } from '../usage/format';
import { useUsageReport } from '../usage/queries';
import { ListPane } from '../components/ListPane';
import { useListDetail } from '../components/useListDetail';
import { useGuarded } from '../shell/unsavedChanges';
import { useWithoutDeleted } from '../components/undoableDelete';
import { EmptyState, queryState } from '../components/States';
import { relative, scheduleState } from './format';
import { useSyncs } from './queries';
import { StatusBadge } from './StatusBadge';
import { SyncDetail } from './SyncDetail';
import { SyncForm } from './SyncForm';

export function SyncsScreen() {
  const syncs = useSyncs();
  const models = useModels();
  const destinations = useDestinations();
  const { selected, setSelected, adding, setAdding, select } = useListDetail();
  // A sync form with unsaved edits (new, or a sync's Settings) asks before another takes its place.
  const guarded = useGuarded();
  // At the plan's monthly limit every sync is paused until the next cycle: say so here too.
  const usage = useUsageReport(null);
  const limitReached = usage.data?.paused === true;

  const loaded = syncs.isSuccess && models.isSuccess && destinations.isSuccess;
  const list = useWithoutDeleted(syncs.data ?? []);
  const current = list.find((s) => s.id === selected) ?? list[0];
  const canCreate = (models.data?.length ?? 0) > 0 && (destinations.data?.length ?? 0) > 0;

  return (
    <div className="screen split">
      <ListPane
        title="Syncs"
        add={{
          onAdd: () => guarded(() => setAdding(true)),
          disabledReason: canCreate ? undefined : 'A sync needs a model and a destination first.',
        }}
        notice={
          limitReached &&
          usage.data && (
            <p className="form-error small" role="status">
              The plan&apos;s monthly limit is reached: every sync is paused until{' '}
              {instantDate(usage.data.cycleEnd)}; pending changes go out then.
            </p>
          )
        }
        state={queryState(syncs, models, destinations)}
        empty={{
          title: 'No syncs yet',
          body: (
            <>
              A sync sends a model&apos;s new, updated and deleted records to a destination, now or
              on a schedule.
              {!canCreate && ' Create a model and a destination first.'}
            </>
          ),
        }}
        items={list.map((sync) => ({
          key: sync.id,
          title: sync.name,
          badges: (
            <>
              {(sync.paused || limitReached) && (
                <span
                  className="badge warn"
                  title={limitReached ? 'Paused: the plan’s monthly limit is reached' : undefined}
                >
                  paused
                </span>
              )}
              <StatusBadge
                status={sync.running ? 'running' : (sync.lastRun?.status ?? 'never run')}
              />
            </>
          ),
          subtitle: [
            <span key="route" className="truncate">
              {sync.model} → {sync.destination}
            </span>,
            <span key="when" className="truncate">
              Last run {sync.lastRun ? relative(sync.lastRun.startedAt) : 'never'} ·{' '}
              {scheduleState(sync)}
            </span>,
          ],
        }))}
        selectedKey={adding ? undefined : current?.id}
        onSelect={(id) => guarded(() => select(id))}
      />
      <section className="pane detail-pane" aria-label="Sync details">
        {!loaded ? null : adding ? (
          <SyncForm
            models={models.data!}
            destinations={destinations.data!}
            onDone={(sync) => {
              setSelected(sync.id);
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        ) : current ? (
          <SyncDetail
            key={current.id}
            limitReached={limitReached}
            sync={current}
            models={models.data!}
            destinations={destinations.data!}
            onRemoved={() => setSelected(undefined)}
          />
        ) : (
          <EmptyState title="Nothing selected">
            {canCreate
              ? 'Add a sync to send a model to a destination.'
              : 'A sync connects a model to a destination: create one of each first.'}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
