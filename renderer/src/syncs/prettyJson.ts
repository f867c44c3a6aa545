/**
 * JSON text indented for reading, every token kept exactly as written (`0.0` stays `0.0`, big
 * integers and escapes untouched), unlike JSON.parse + JSON.stringify. Text that is not JSON
 * comes back unchanged.
 */
export function prettyJson(text: string, indent = '  '): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => `\n${indent.repeat(depth)}`;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += trimmed[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    switch (ch) {
      case '"':
        inString = true;
        out += ch;
        break;
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']';
        let j = i + 1;
        while (/\s/.test(trimmed[j] ?? '')) j++;
        if (trimmed[j] === close) {
          out += ch + close;
          i = j;
        } else {
          depth++;
          out += ch + newline();
        }
        break;
      }
      case '}':
      case ']':
        depth = Math.max(0, depth - 1);
        out += newline() + ch;
        break;
      case ',':
        out += ch + newline();
        break;
      case ':':
        out += ': ';
        break;
      default:
        if (!/\s/.test(ch)) out += ch;
    }
  }
  return out;
}
