import { LinkButton } from '../components/Button';
import { constantProblem, type ConstantRow, type ConstantType } from './constantRows';

/** The mapping's constant fields: one row each, its problem under it once shown. */
export function ConstantsEditor({
  rows,
  onChange,
  showErrors,
  listId,
}: {
  rows: ConstantRow[];
  onChange: (rows: ConstantRow[]) => void;
  /** Problems of rows still being typed wait for a save (a number's shows as it is typed). */
  showErrors: boolean;
  /** The datalist of the destination's fields, when it lists them. */
  listId?: string;
}) {
  return (
    <div className="field">
      <span>Constants</span>
      {rows.map((c, i) => {
        const update = (patch: Partial<ConstantRow>) =>
          onChange(rows.map((x, j) => (j === i ? { ...x, ...patch } : x)));
        const problem = constantProblem(c);
        const shown = showErrors || (c.type === 'number' && c.value.trim() !== '') ? problem : null;
        return (
          <div key={i} className="constant-row" role="group" aria-label={`Constant ${i + 1}`}>
            <div className="row-fields">
              <input
                className={shown && !c.target.trim() ? 'input mono invalid' : 'input mono'}
                placeholder="Field"
                aria-label="Constant field"
                list={listId}
                value={c.target}
                onChange={(e) => update({ target: e.target.value })}
              />
              <select
                className="input"
                aria-label="Constant type"
                value={c.type}
                onChange={(e) => update({ type: e.target.value as ConstantType })}
              >
                <option value="text">Text</option>
                <option value="number">Number</option>
                <option value="true">true</option>
                <option value="false">false</option>
                <option value="null">null</option>
              </select>
              <input
                className={shown && c.target.trim() ? 'input invalid' : 'input'}
                placeholder="Value"
                aria-label="Constant value"
                aria-invalid={!!shown || undefined}
                disabled={c.type !== 'text' && c.type !== 'number'}
                value={c.value}
                onChange={(e) => update({ value: e.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove constant ${i + 1}`}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
            {shown && (
              <small className="field-error" role="alert">
                {shown}
              </small>
            )}
          </div>
        );
      })}
      <LinkButton onClick={() => onChange([...rows, { target: '', type: 'text', value: '' }])}>
        + Add constant
      </LinkButton>
    </div>
  );
}
