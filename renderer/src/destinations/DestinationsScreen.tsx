import { useState } from 'react';
import type { DestinationSummary } from '../../../core/api/types';
import { Button } from '../components/Button';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { ConnectionCheckResult } from '../components/ConnectionCheckResult';
import { ListPane } from '../components/ListPane';
import { queryState } from '../components/States';
import { TestConnectionButton } from '../components/TestConnectionButton';
import { kindAndPlace, useListDetail } from '../components/useListDetail';
import { useGuarded } from '../shell/unsavedChanges';
import { useWithoutDeleted } from '../components/undoableDelete';
import { useApi } from '../api/ApiContext';
import { useSyncs } from '../syncs/queries';
import { DestinationForm } from './DestinationForm';
import type { DestinationTypeInfo } from '../../../core/destinations/definition';
import { useDestinations, useDestinationTypes, useTestDestination } from './queries';

const typeLabel = (types: readonly DestinationTypeInfo[], type: string) =>
  types.find((t) => t.type === type)?.label ?? type;

function settingText(value: unknown): string {
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '—';
    return entries.map(([k, v]) => `${k}: ${settingText(v)}`).join(', ');
  }
  return String(value);
}

function DestinationDetail({
  destination,
  types,
  onEdit,
  onRemoved,
}: {
  destination: DestinationSummary;
  types: DestinationTypeInfo[];
  onEdit: () => void;
  onRemoved: () => void;
}) {
  const test = useTestDestination();
  const { call } = useApi();
  const [confirming, setConfirming] = useState(false);
  // Said before Delete is offered: the engine refuses to delete a destination a sync still uses.
  const syncs = useSyncs();
  const usedBy = useWithoutDeleted(syncs.data ?? []).filter(
    (s) => s.destinationId === destination.id,
  );

  return (
    <>
      <header className="pane-header">
        <div>
          <h2>{destination.name}</h2>
          <p className="muted small">
            <span className="badge">{typeLabel(types, destination.type)}</span>{' '}
            <span className="mono">{destination.target}</span>
          </p>
        </div>
        <div className="button-row">
          <TestConnectionButton test={test} id={destination.id} />
          <Button onClick={onEdit}>Edit</Button>
          <Button tone="danger" disabled={syncs.isPending} onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </div>
      </header>
      <ConnectionCheckResult check={test} />
      {confirming && (
        <ConfirmDelete
          kind="destination"
          item={destination}
          usedBy={usedBy}
          orElse={(itOrThem) => `, or point ${itOrThem} at another destination,`}
          remove={() => call('destinations.remove', { destination: destination.id })}
          refreshes="destinations"
          onDeleted={onRemoved}
          onCancel={() => setConfirming(false)}
        />
      )}
      <table className="data-table settings-table" aria-label="Settings">
        <tbody>
          {Object.entries(destination.settings)
            .filter(([key]) => key !== 'type')
            .map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td className="mono">{settingText(value)}</td>
              </tr>
            ))}
          <tr>
            <th scope="row">created</th>
            <td>{new Date(destination.createdAt).toLocaleString()}</td>
          </tr>
        </tbody>
      </table>
      {/* Only where there is a secret to speak of (a file destination has none). */}
      {JSON.stringify(destination.settings).includes('****') && (
        <p className="muted small">
          Secrets (passwords, keys, header values) are write-only: Ebb stores them sealed and never
          shows them again. Edit keeps each one unless you type a new value.
        </p>
      )}
    </>
  );
}

export function DestinationsScreen() {
  const destinations = useDestinations();
  const types = useDestinationTypes();
  const { selected, setSelected, adding, setAdding, editing, setEditing, select } = useListDetail();
  // A destination form with unsaved edits asks before another item or the add form replaces it.
  const guarded = useGuarded();

  const list = useWithoutDeleted(destinations.data ?? []);
  const typeList = types.data ?? [];
  const loaded = destinations.isSuccess && types.isSuccess;
  const current = list.find((d) => d.id === selected) ?? list[0];
  const showForm = adding || list.length === 0;

  return (
    <div className="screen split">
      <ListPane
        title="Destinations"
        add={{ onAdd: () => guarded(() => setAdding(true)) }}
        state={queryState(destinations, types)}
        empty={{
          title: 'No destinations yet',
          body: `A destination is where synced changes go: ${typeList.map((t) => t.label).join(', ')}.`,
        }}
        items={list.map((d) => ({
          key: d.id,
          title: d.name,
          subtitle: [kindAndPlace(typeLabel(typeList, d.type), d.target)],
        }))}
        selectedKey={adding ? undefined : current?.id}
        onSelect={(id) => guarded(() => select(id))}
      />
      <section className="pane detail-pane" aria-label="Destination details">
        {!loaded ? null : showForm ? (
          <DestinationForm
            types={typeList}
            onCancel={() => setAdding(false)}
            onDone={(destination) => {
              setSelected(destination.id);
              setAdding(false);
            }}
          />
        ) : current && editing === current.id ? (
          <DestinationForm
            key={`edit-${current.id}`}
            types={typeList}
            existing={current}
            onCancel={() => setEditing(undefined)}
            onDone={() => setEditing(undefined)}
          />
        ) : current ? (
          <DestinationDetail
            key={current.id}
            destination={current}
            types={typeList}
            onEdit={() => setEditing(current.id)}
            onRemoved={() => setSelected(undefined)}
          />
        ) : null}
      </section>
    </div>
  );
}
