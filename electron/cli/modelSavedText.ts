import type { ModelSummary } from '../../core/types.js';

/**
 * What `model add|update` print after the first line: what the save left for the analyst to do.
 * The app shows both on the model; without these lines the CLI said only "Updated".
 */
export function modelSavedNotes(model: ModelSummary): string[] {
  const notes: string[] = [];
  const problems = model.problems ?? [];
  if (problems.length > 0) {
    notes.push(
      `Saved as a draft: no sync runs it until its ${problems.length} problem(s) are fixed (\`ebb model check ${model.name}\`):`,
      ...problems.map((p) => `- ${p.code}: ${p.message}`),
    );
  }
  const origin = model.origin;
  if (origin?.kind === 'file' && origin.status !== 'synced') {
    notes.push(
      `Its file ${origin.path} was not written (${origin.status}): ${origin.message ?? ''}`,
    );
    if (origin.status === 'conflict')
      notes.push(`Pick a side: \`ebb model resolve ${model.name} --keep file|app\`.`);
  }
  return notes;
}

/** `model list`'s source column: where a model comes from, and a file that needs a look. */
export function modelSource(model: ModelSummary): string {
  const origin = model.origin;
  if (!origin) return '';
  if (origin.kind === 'dbt') return `dbt ${origin.uniqueId}`;
  return `${origin.path}${origin.status === 'synced' ? '' : ` (${origin.status})`}`;
}
