import { expect, test } from 'vitest';
import type { StagedChange } from '../diff/types.js';
import { batchOutcomes } from './batchOutcomes.js';

const change = (seq: number, id: string | number): StagedChange => ({
  seq,
  op: 'new',
  id,
  record: {},
  recordJson: '{}',
});
const sent = [change(1, 'a'), change(2, 'b'), change(3, 'c'), change(4, 'd'), change(5, 6)];
const none = {
  delivered: new Set<string>(),
  unanswered: new Set<string>(),
  refused: [],
  parked: [],
  rejected: [],
  batchError: null,
};

test('a batch delivered whole is one range', () => {
  expect(batchOutcomes(sent, { ...none, delivered: new Set(['a', 'b', 'c', 'd', '6']) })).toEqual([
    { ranges: [[1, 5]], status: 'delivered', error: null },
  ]);
});

test('each record gets its own outcome; refusals sharing a message share ranges', () => {
  const outcomes = batchOutcomes(sent, {
    ...none,
    delivered: new Set(['a']),
    refused: [
      { id: 'b', reason: 'bad email' },
      { id: 'c', reason: 'bad email' },
    ],
    parked: [sent[2]!],
    unanswered: new Set(['d']),
    rejected: [{ id: '6', reason: 'over 32 KB' }],
  });
  expect(outcomes).toEqual([
    { ranges: [[1, 1]], status: 'delivered', error: null },
    { ranges: [[2, 2]], status: 'failed', error: 'bad email' },
    { ranges: [[3, 3]], status: 'quarantined', error: 'bad email' },
    { ranges: [[4, 4]], status: 'in_doubt', error: null },
    { ranges: [[5, 5]], status: 'rejected', error: 'over 32 KB' },
  ]);
});

test('no answer at all: the whole batch is in doubt with the reason', () => {
  expect(batchOutcomes(sent, { ...none, batchError: 'Batch not acknowledged: timed out' })).toEqual(
    [{ ranges: [[1, 5]], status: 'in_doubt', error: 'Batch not acknowledged: timed out' }],
  );
  expect(batchOutcomes([], none)).toEqual([]);
});
