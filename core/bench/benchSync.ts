import type { Core } from '../createCore.js';

interface BenchSync {
  /** The DuckDB file, added as warehouse `bench`. */
  warehouse: string;
  model: { name: string; sql: string; idColumn: string };
  destination: { name: string; config: Record<string, unknown> };
}

/**
 * A bench's sync through the API, as a user would make it: warehouse `bench`, the model, the
 * destination and sync `bench` between them. Metering stays on (as for users), with a plan limit
 * no benchmark reaches.
 */
export async function addBenchSync(core: Pick<Core, 'dispatch'>, bench: BenchSync): Promise<void> {
  const steps: [string, unknown][] = [
    ['warehouses.add', { kind: 'duckdb', name: 'bench', path: bench.warehouse }],
    ['models.add', { ...bench.model, warehouse: 'bench' }],
    ['destinations.add', bench.destination],
    ['syncs.add', { name: 'bench', model: bench.model.name, destination: bench.destination.name }],
    ['plan.set', { plan: 'custom', limit: 1_000_000_000_000 }],
  ];
  for (const [name, input] of steps) {
    const answer = await core.dispatch(name, input);
    if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
  }
}
