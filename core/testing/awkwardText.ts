/**
 * A DuckDB expression over `range` giving values whose JSON needs every kind of escape, text
 * beyond ASCII, an empty text and null, in turn.
 */
export const awkwardText = `case range % 6
  when 0 then 'quote " and backslash \\ and slash /'
  when 1 then 'tab' || chr(9) || 'newline' || chr(10) || 'cr' || chr(13) || 'bell' || chr(7)
  when 2 then 'é ü 中文 😀 ' || chr(8232)
  when 3 then ''
  when 4 then null
  else 'plain ' || range end`;
