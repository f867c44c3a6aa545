import { z } from 'zod';
import { once } from '../../once.js';

export const fileSettings = once(() =>
  z.object({
    path: z.string().min(1, 'a folder is required').meta({
      label: 'Folder',
      placeholder: '/path/to/folder',
      help: 'One file per run is written here.',
      flag: 'path',
    }),
    format: z.enum(['jsonl', 'csv']).default('jsonl').meta({ label: 'Format', flag: 'format' }),
  }),
);
export type FileSettings = z.output<ReturnType<typeof fileSettings>>;
