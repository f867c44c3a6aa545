import type { ModelProblem } from '../../../core/api/types';
import { monaco } from './monaco';

/** Where a problem without a position belongs: the select list, else the first line. */
function selectListRange(model: monaco.editor.ITextModel): monaco.IRange {
  const text = model.getValue();
  const select = /\bselect\b/i.exec(text);
  const from = /\bfrom\b/i.exec(text);
  if (select && from && from.index > select.index) {
    const start = model.getPositionAt(select.index);
    const end = model.getPositionAt(from.index);
    return {
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: Math.max(end.column - 1, 1),
    };
  }
  return {
    startLineNumber: 1,
    startColumn: 1,
    endLineNumber: 1,
    endColumn: Math.max(model.getLineMaxColumn(1), 2),
  };
}

export function problemsToMarkers(
  model: monaco.editor.ITextModel,
  problems: ModelProblem[],
): monaco.editor.IMarkerData[] {
  return problems.map((problem) => {
    let range: monaco.IRange;
    if (problem.code === 'QUERY_TOO_LONG' && problem.limit) {
      const start = model.getPositionAt(problem.limit);
      const end = model.getPositionAt(model.getValueLength());
      range = {
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      };
    } else if (problem.line !== undefined) {
      const line = Math.min(Math.max(problem.line, 1), model.getLineCount());
      const column = Math.min(Math.max(problem.column ?? 1, 1), model.getLineMaxColumn(line));
      const word = model.getWordAtPosition({ lineNumber: line, column });
      const startColumn = word ? word.startColumn : column;
      const endColumn = word ? word.endColumn : model.getLineMaxColumn(line);
      range = {
        startLineNumber: line,
        startColumn,
        endLineNumber: line,
        endColumn: Math.max(endColumn, startColumn + 1),
      };
    } else {
      range = selectListRange(model);
    }
    return {
      ...range,
      severity: monaco.MarkerSeverity.Error,
      message: problem.message,
      code: problem.code,
      source: 'Ebb',
    };
  });
}
