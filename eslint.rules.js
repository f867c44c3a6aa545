// Project-specific lint rules (no plugin dependency needed), used by eslint.config.js.
import fs from 'node:fs';
import path from 'node:path';

const RELATIVE_IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Relative imports of one file: `import … from`, `export … from`, `import(…)` and bare `import './x'`
 * (type-only ones too: a cycle of types is still a tangle).
 */
function importsOf(file, cache) {
  const known = cache.get(file);
  if (known) return known;
  const found = [];
  cache.set(file, found);
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return found;
  }
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2] ?? match[3]);
    if (target) found.push(target);
  }
  return found;
}

function resolveImport(from, spec) {
  const base = path.resolve(path.dirname(from), spec.replace(/\.(c|m)?js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A path of imports from `start` back to itself, or undefined. */
function cycleThrough(start, cache) {
  const seen = new Set();
  const stack = [[start, importsOf(start, cache), 0]];
  const trail = [start];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [, next, index] = top;
    if (index >= next.length) {
      stack.pop();
      trail.pop();
      continue;
    }
    top[2] = index + 1;
    const target = next[index];
    if (target === start) return [...trail, start];
    if (seen.has(target)) continue;
    seen.add(target);
    stack.push([target, importsOf(target, cache), 0]);
    trail.push(target);
  }
  return undefined;
}

const noImportCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'Files may not import each other, directly or through others.' },
    schema: [],
  },
  create(context) {
    const cache = new Map();
    return {
      'Program:exit'(node) {
        const cycle = cycleThrough(path.resolve(context.filename), cache);
        if (!cycle) return;
        const root = process.cwd();
        context.report({
          node,
          message: `Import cycle: ${cycle.map((file) => path.relative(root, file)).join(' → ')}. Move what both need into a lower module.`,
        });
      },
    };
  },
};

/**
 * The static-import rules (`no-restricted-imports`) do not look at `import('…')` or at
 * `typeof import('…')`, so a lazy import (this code base loads heavy modules lazily: once.ts)
 * would slip past the layering. Options: `{ regex, message, allowTypes }` per restriction; with
 * `allowTypes` a type query (`typeof import('…')`) is let through, as `import type` is.
 */
const noRestrictedDynamicImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Dynamic imports and type queries obey the same layering as imports.' },
    schema: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          regex: { type: 'string' },
          message: { type: 'string' },
          allowTypes: { type: 'boolean' },
        },
        required: ['regex', 'message'],
        additionalProperties: false,
      },
    },
  },
  create(context) {
    const restrictions = context.options.map((option) => ({
      ...option,
      pattern: new RegExp(option.regex),
    }));
    const check = (node, spec, isType) => {
      if (typeof spec !== 'string') return;
      for (const restriction of restrictions) {
        if (isType && restriction.allowTypes) continue;
        if (!restriction.pattern.test(spec)) continue;
        context.report({ node, message: `'${spec}' import is restricted. ${restriction.message}` });
        return;
      }
    };
    return {
      ImportExpression(node) {
        check(node, node.source.type === 'Literal' ? node.source.value : undefined, false);
      },
      TSImportType(node) {
        const argument = node.argument;
        const literal =
          argument?.type === 'TSLiteralType' ? argument.literal : (node.source ?? argument);
        check(node, literal?.type === 'Literal' ? literal.value : undefined, true);
      },
    };
  },
};

export const ebbRules = {
  rules: {
    'no-import-cycles': noImportCycles,
    'no-restricted-dynamic-imports': noRestrictedDynamicImports,
  },
};
