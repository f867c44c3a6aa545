import type { TableInfo } from '../../../core/api/types';
import { LinkButton } from '../components/Button';
import { InputField, SelectField, type Choice } from '../components/Field';
import { Section } from '../components/Section';
import { FILTER_OPS, type BuilderState, type FilterOp } from './buildSql';

const DIRECTIONS: Choice[] = [
  { value: 'asc', label: 'Ascending' },
  { value: 'desc', label: 'Descending' },
];

const nameChoice = (name: string): Choice => ({ value: name, label: name });

/** Table, columns, filters, sort and limit; the SQL is generated from this state by buildSql. */
export function VisualBuilder({
  tables,
  state,
  onChange,
}: {
  tables: TableInfo[];
  state: BuilderState;
  onChange: (state: BuilderState) => void;
}) {
  const table = state.table
    ? tables.find((t) => t.schema === state.table!.schema && t.name === state.table!.name)
    : undefined;
  const columnNames = table?.columns.map((c) => c.name) ?? [];
  const set = (patch: Partial<BuilderState>) => onChange({ ...state, ...patch });

  return (
    <div className="builder" aria-label="Visual model builder" role="group">
      <div className="builder-tree">
        <h3 className="section-title">Table</h3>
        <ul className="tree" aria-label="Schema tree">
          {[...new Set(tables.map((t) => t.schema))].map((schema) => (
            <li key={schema}>
              <span className="tree-schema">{schema}</span>
              <ul>
                {tables
                  .filter((t) => t.schema === schema)
                  .map((t) => {
                    const active = table === t;
                    return (
                      <li key={t.name}>
                        <button
                          type="button"
                          className={active ? 'tree-item active' : 'tree-item'}
                          aria-pressed={active}
                          onClick={() =>
                            onChange({
                              table: { schema: t.schema, name: t.name },
                              columns: t.columns.map((c) => c.name),
                              filters: [],
                              sort: null,
                              limit: state.limit,
                            })
                          }
                        >
                          {t.name}
                          <span className="muted small">{t.columns.length}</span>
                        </button>
                      </li>
                    );
                  })}
              </ul>
            </li>
          ))}
        </ul>
      </div>
      <div className="builder-body">
        {!table ? (
          <p className="muted">Pick a table from the tree to start.</p>
        ) : (
          <>
            <Section
              label="Columns"
              actions={
                <LinkButton
                  onClick={() =>
                    set({ columns: state.columns.length === columnNames.length ? [] : columnNames })
                  }
                >
                  {state.columns.length === columnNames.length ? 'None' : 'All'}
                </LinkButton>
              }
            >
              <div className="checks">
                {table.columns.map((column) => (
                  <label key={column.name} className="check">
                    <input
                      type="checkbox"
                      checked={state.columns.includes(column.name)}
                      onChange={(event) =>
                        set({
                          columns: event.target.checked
                            ? columnNames.filter(
                                (n) => n === column.name || state.columns.includes(n),
                              )
                            : state.columns.filter((n) => n !== column.name),
                        })
                      }
                    />
                    <span className="mono">{column.name}</span>
                    <span className="muted small">{column.type}</span>
                  </label>
                ))}
              </div>
            </Section>
            <Section
              label="Filters"
              actions={
                <LinkButton
                  onClick={() =>
                    set({
                      filters: [
                        ...state.filters,
                        { column: columnNames[0] ?? '', op: '=', value: '' },
                      ],
                    })
                  }
                >
                  + Add filter
                </LinkButton>
              }
            >
              {state.filters.length === 0 && <p className="muted small">Every row is included.</p>}
              {state.filters.map((filter, index) => {
                const update = (patch: Partial<typeof filter>) =>
                  set({
                    filters: state.filters.map((f, i) => (i === index ? { ...f, ...patch } : f)),
                  });
                const takesValue = FILTER_OPS.find((o) => o.op === filter.op)?.takesValue;
                return (
                  <div
                    key={index}
                    className="row-fields"
                    role="group"
                    aria-label={`Filter ${index + 1}`}
                  >
                    <select
                      className="input"
                      aria-label="Filter column"
                      value={filter.column}
                      onChange={(e) => update({ column: e.target.value })}
                    >
                      {columnNames.map((name) => (
                        <option key={name}>{name}</option>
                      ))}
                    </select>
                    <select
                      className="input"
                      aria-label="Operator"
                      value={filter.op}
                      onChange={(e) => update({ op: e.target.value as FilterOp })}
                    >
                      {FILTER_OPS.map((o) => (
                        <option key={o.op} value={o.op}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <input
                      className="input"
                      aria-label="Filter value"
                      disabled={!takesValue}
                      value={takesValue ? filter.value : ''}
                      onChange={(e) => update({ value: e.target.value })}
                    />
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove filter ${index + 1}`}
                      onClick={() => set({ filters: state.filters.filter((_, i) => i !== index) })}
                    >
                      ×
                    </button>
                  </div>
                );
              })}
            </Section>
            <section aria-label="Sort and limit" className="row-fields">
              <SelectField
                label="Sort by"
                value={state.sort?.column ?? ''}
                onValue={(column) =>
                  set({
                    sort: column ? { column, direction: state.sort?.direction ?? 'asc' } : null,
                  })
                }
                choices={[{ value: '', label: 'No order' }, ...columnNames.map(nameChoice)]}
              />
              <SelectField
                label="Direction"
                disabled={!state.sort}
                value={state.sort?.direction ?? 'asc'}
                onValue={(direction) =>
                  state.sort &&
                  set({ sort: { ...state.sort, direction: direction as 'asc' | 'desc' } })
                }
                choices={DIRECTIONS}
              />
              <InputField
                label="Limit"
                type="number"
                min={1}
                placeholder="No limit"
                value={state.limit ?? ''}
                onValue={(text) => set({ limit: text ? Math.max(1, Number(text)) : null })}
              />
            </section>
          </>
        )}
      </div>
    </div>
  );
}
