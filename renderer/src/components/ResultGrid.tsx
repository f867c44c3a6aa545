import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { formatValue, isNumericType } from './formatValue';

const ROW_HEIGHT = 30;

/** A value without a known column type (the preview's before/after records). */
export const formatCell = (value: unknown): string => formatValue(value);

/** A virtualized grid: only the visible rows are in the DOM, however many were fetched. */
export function ResultGrid({
  columns,
  rows,
  label,
}: {
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  label: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  // Every row is its own grid, so widths are fixed up front from the header and the first rows.
  const widths = useMemo(
    () =>
      columns.map((column) => {
        let chars = Math.max(column.name.length, column.type.length * 0.8);
        for (const row of rows.slice(0, 50))
          chars = Math.max(chars, formatValue(row[column.name], column.type).length);
        return Math.round(Math.min(Math.max(chars * 7.6 + 26, 90), 340));
      }),
    [columns, rows],
  );
  const template = widths.map((w) => `${w}px`).join(' ');
  const total = widths.reduce((a, b) => a + b, 0);
  const width = `max(100%, ${total}px)`;
  return (
    <div
      className="grid-scroller"
      ref={scroller}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
    >
      <div className="grid-header" role="row" style={{ gridTemplateColumns: template, width }}>
        {columns.map((column) => (
          <div key={column.name} role="columnheader" className="grid-cell" title={column.type}>
            <span className="mono">{column.name}</span>
            <span className="grid-type">{column.type}</span>
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              className="grid-row"
              style={{
                gridTemplateColumns: template,
                transform: `translateY(${item.start}px)`,
                height: ROW_HEIGHT,
              }}
            >
              {columns.map((column) => {
                const text = formatValue(row[column.name], column.type);
                const classes = ['grid-cell'];
                if (row[column.name] == null) classes.push('null');
                else if (isNumericType(column.type)) classes.push('num');
                return (
                  <div key={column.name} role="gridcell" className={classes.join(' ')} title={text}>
                    {text}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
