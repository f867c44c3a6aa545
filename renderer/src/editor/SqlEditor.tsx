import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ModelProblem, TableInfo } from '../../../core/api/types';
import { useColorScheme } from '../shell/theme';
import { setCompletionTables } from './completion';
import { problemsToMarkers } from './markers';
import { monaco } from './monaco';

export interface SqlEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** Shown inline as error markers. */
  problems?: ModelProblem[];
  /** Schemas, tables and columns to complete. */
  tables?: TableInfo[];
  onRun?: () => void;
  onSave?: () => void;
  ariaLabel: string;
  placeholder?: string;
}

/** Monaco with SQL highlighting, schema completion, problem markers and Ctrl/Cmd+Enter / +S. */
export function SqlEditor({
  value,
  onChange,
  readOnly = false,
  problems,
  tables,
  onRun,
  onSave,
  ariaLabel,
  placeholder,
}: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const callbacks = useRef({ onChange, onRun, onSave });
  const scheme = useColorScheme();
  useEffect(() => {
    callbacks.current = { onChange, onRun, onSave };
  });

  useEffect(() => {
    const model = monaco.editor.createModel(value, 'sql');
    const instance = monaco.editor.create(host.current!, {
      model,
      theme: scheme === 'dark' ? 'ebb-dark' : 'ebb-light',
      readOnly,
      domReadOnly: readOnly,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      lineNumbersMinChars: 3,
      renderLineHighlight: readOnly ? 'none' : 'line',
      tabSize: 2,
      wordWrap: 'on',
      fixedOverflowWidgets: true,
      ariaLabel,
      placeholder,
      padding: { top: 8, bottom: 8 },
    });
    editor.current = instance;
    const changes = model.onDidChangeContent(() => callbacks.current.onChange?.(model.getValue()));
    instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () =>
      callbacks.current.onRun?.(),
    );
    instance.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () =>
      callbacks.current.onSave?.(),
    );
    return () => {
      changes.dispose();
      instance.dispose();
      model.dispose();
      editor.current = null;
    };
    // The editor is created once; props below are pushed into it by the other effects.
  }, []);

  // A layout effect, in the same task as the render: a passive effect runs in a later task, after
  // keystrokes typed meanwhile reached Monaco, and would push this (older) value back over them
  // (the lost-keystroke race: "slect"). Here `value` already holds every change Monaco reported,
  // so it differs from Monaco's text only when it changed from outside (the builder, a discard).
  useLayoutEffect(() => {
    const model = editor.current?.getModel();
    if (model && model.getValue() !== value) {
      if (readOnly) model.setValue(value);
      else
        editor.current!.executeEdits('ebb', [
          { range: model.getFullModelRange(), text: value, forceMoveMarkers: true },
        ]);
    }
  }, [value, readOnly]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'ebb', problemsToMarkers(model, problems ?? []));
  }, [problems, value]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    return setCompletionTables(model.uri.toString(), tables);
  }, [tables]);

  useEffect(() => {
    monaco.editor.setTheme(scheme === 'dark' ? 'ebb-dark' : 'ebb-light');
  }, [scheme]);

  return <div className={readOnly ? 'sql-editor read-only' : 'sql-editor'} ref={host} />;
}
