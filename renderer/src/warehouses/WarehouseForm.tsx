import { useState } from 'react';
import type { WarehouseStateMove, WarehouseSummary } from '../../../core/api/types';
import type { WarehouseKindInfo } from '../../../core/warehouse/kinds';
import { ConfirmSave } from '../components/ConfirmSave';
import { ConnectionForm } from '../components/ConnectionForm';
import { useConnectionDraft } from '../components/useConnectionDraft';
import {
  useAddWarehouse,
  useCheckWarehouse,
  useCheckWarehouseUpdate,
  useUpdateWarehouse,
  useWarehouseUpdateImpact,
} from './queries';
import type { WarehouseKind } from './warehouseKinds';

const DEFAULT_STATE_SCHEMA = '_ebb_reverse_etl';

interface Props {
  kinds: WarehouseKindInfo[];
  /** Editing a saved warehouse: its kind is fixed and its secrets stay unless re-entered. */
  existing?: { summary: WarehouseSummary; settings: Record<string, unknown> };
  onDone: (warehouse: WarehouseSummary) => void;
  onCancel: () => void;
}

/**
 * The add and edit form of every warehouse kind (the shared form over core/warehouse/kinds.ts),
 * with the state schema and the confirmations only a warehouse has.
 */
export function WarehouseForm({ kinds, existing, onDone, onCancel }: Props) {
  /** A change that moves state waits for "Save anyway": these syncs start fresh. */
  const [pending, setPending] = useState<WarehouseStateMove | null>(null);
  const add = useAddWarehouse();
  const update = useUpdateWarehouse();
  const check = useCheckWarehouse();
  const checkUpdate = useCheckWarehouseUpdate();
  const impact = useWarehouseUpdateImpact();
  const tester = existing ? checkUpdate : check;
  const save = existing ? update : add;
  const edited = () => {
    // A test result describes the values it tested: editing them clears it.
    tester.reset();
    setPending(null);
  };
  const kindList = kinds.map((k) => ({ ...k, id: k.kind }));
  const form = useConnectionDraft(
    kindList,
    existing && {
      kind: existing.summary.kind,
      name: existing.summary.name,
      settings: existing.settings,
    },
    edited,
  );
  const kind = form.kind as WarehouseKind;
  const initialSchema = existing?.summary.stateSchema ?? DEFAULT_STATE_SCHEMA;
  const [stateSchema, setStateSchema] = useState(initialSchema);
  const schemaError = stateSchema.trim() ? undefined : 'A state schema is required.';
  const schemaArg = stateSchema.trim() === initialSchema ? undefined : stateSchema.trim();

  const edit = () => ({
    warehouse: existing!.summary.id,
    settings: form.changes(),
    stateSchema: schemaArg,
  });

  const store = () => {
    setPending(null);
    if (existing) {
      update.mutate(
        { ...edit(), name: form.renamed() },
        { onSuccess: (result) => onDone(result.warehouse) },
      );
    } else {
      add.mutate(
        { kind, name: form.name.trim(), settings: form.settings(), stateSchema: schemaArg },
        { onSuccess: onDone },
      );
    }
  };

  /** An edit that moves state names the syncs that would start fresh before it is saved. */
  const saveAfterImpact = () => {
    if (!existing) return store();
    impact.mutate(edit(), {
      onSuccess: ({ startsFresh }) => (startsFresh ? setPending(startsFresh) : store()),
    });
  };

  /** Tests the values in the form (the name is not needed); nothing is stored. */
  const testConnection = () => {
    setPending(null);
    if (existing) checkUpdate.mutate(edit());
    else check.mutate({ kind, settings: form.settings(), stateSchema: schemaArg });
  };

  return (
    <ConnectionForm
      form={form}
      kinds={kindList}
      noun="warehouse"
      savedName={existing?.summary.name}
      advancedOpen={existing !== undefined && schemaArg !== undefined}
      advancedExtra={
        <label className="field">
          <span>State schema</span>
          <input
            className={`input mono${schemaError ? ' invalid' : ''}`}
            aria-label="State schema"
            autoComplete="off"
            value={stateSchema}
            onChange={(e) => {
              setStateSchema(e.target.value);
              edited();
            }}
          />
          {schemaError ? (
            <small className="field-error">{schemaError}</small>
          ) : (
            <small className="muted">
              Where Ebb keeps what each sync delivered{kind === 'mysql' ? ' (a database)' : ''}; Ebb
              needs to create tables there.
            </small>
          )}
        </label>
      }
      extraValid={schemaError === undefined}
      tester={tester}
      saving={save.isPending || impact.isPending}
      saveError={save.error ?? impact.error}
      addLabel="Add warehouse"
      confirm={
        pending && (
          <ConfirmSave onBack={() => setPending(null)} onConfirm={store}>
            {`Syncs start fresh: ${pending.reason}. ${
              pending.syncs.length > 0
                ? `The next run of ${pending.syncs.map((s) => `"${s}"`).join(', ')} sends every record again as new.`
                : 'No sync uses this warehouse yet.'
            }`}
          </ConfirmSave>
        )
      }
      extraDirty={stateSchema !== initialSchema}
      onSave={saveAfterImpact}
      onTest={testConnection}
      onCancel={onCancel}
    />
  );
}
