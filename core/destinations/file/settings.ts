import { z } from 'zod';

export const fileSettings = z.object({
  path: z.string().min(1, 'a folder is required').meta({
    label: 'Folder',
    placeholder: '/path/to/folder',
    help: 'One file per run is written here.',
    flag: 'path',
  }),
  format: z.enum(['jsonl', 'csv']).default('jsonl').meta({ label: 'Format', flag: 'format' }),
});
export type FileSettings = z.output<typeof fileSettings>;
