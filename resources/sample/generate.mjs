// Regenerates the sample warehouse's CSV files (deterministic: the same bytes every run).
// Usage: node resources/sample/generate.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
let seed = 20261123;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const pad = (n) => String(n).padStart(2, '0');
const day = (offset) => {
  const d = new Date(Date.UTC(2026, 0, 1) + offset * 86400000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const csv = (rows) => rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n';

const industries = ['Retail', 'Software', 'Finance', 'Healthcare', 'Logistics', 'Media', 'Education'];
const plans = ['free', 'teams', 'business'];
const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Radia', 'Donald', 'Frances', 'John', 'Katherine', 'Tim', 'Hedy'];
const last = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton', 'Torvalds', 'Perlman', 'Knuth', 'Allen', 'Backus', 'Johnson', 'Berners-Lee', 'Lamarr'];
const words = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent', 'Vandelay'];
const countries = ['US', 'GB', 'DE', 'FR', 'NL', 'SE', 'JP', 'BR', 'IN', 'CA'];
const eventTypes = ['login', 'page_view', 'export', 'invite_sent', 'report_run', 'billing_updated'];

const accounts = [['account_id', 'name', 'industry', 'plan', 'seats', 'mrr_usd', 'created_on']];
for (let i = 1; i <= 300; i++) {
  accounts.push([i, `${pick(words)} ${pick(['Labs', 'Corp', 'GmbH', 'Inc', 'Co'])} ${i}`, pick(industries), pick(plans), 1 + Math.floor(rand() * 250), (rand() * 9000).toFixed(2), day(Math.floor(rand() * 300))]);
}
const users = [['user_id', 'email', 'first_name', 'last_name', 'account_id', 'country', 'is_active', 'lifetime_value', 'signed_up_at']];
for (let i = 1; i <= 2500; i++) {
  const f = pick(first);
  const l = pick(last);
  const signed = `${day(Math.floor(rand() * 320))}T${pad(Math.floor(rand() * 24))}:${pad(Math.floor(rand() * 60))}:00Z`;
  users.push([i, `${f}.${l}.${i}@example.com`.toLowerCase(), f, l, 1 + Math.floor(rand() * 300), pick(countries), rand() > 0.15 ? 'true' : 'false', (rand() * 2500).toFixed(2), signed]);
}
const events = [['event_id', 'user_id', 'event_type', 'occurred_at', 'duration_ms']];
for (let i = 1; i <= 6000; i++) {
  const at = `${day(Math.floor(rand() * 320))}T${pad(Math.floor(rand() * 24))}:${pad(Math.floor(rand() * 60))}:${pad(Math.floor(rand() * 60))}Z`;
  events.push([i, 1 + Math.floor(rand() * 2500), pick(eventTypes), at, Math.floor(rand() * 60000)]);
}
fs.writeFileSync(path.join(dir, 'accounts.csv'), csv(accounts));
fs.writeFileSync(path.join(dir, 'users.csv'), csv(users));
fs.writeFileSync(path.join(dir, 'events.csv'), csv(events));
console.log('wrote accounts.csv, users.csv, events.csv');
