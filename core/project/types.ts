import type { ModelFileStatus } from '../types.js';

export interface ModelFileState {
  status: ModelFileStatus;
  message?: string;
}

export interface ProjectModel {
  name: string;
  path: string;
  /** `skipped`: not written, as it comes from dbt (`path` is then empty, `message` says why). */
  action: 'added' | 'updated' | 'unchanged' | 'written' | 'conflict' | 'invalid' | 'skipped';
  message?: string;
}

export interface ProjectResult {
  dir: string;
  models: ProjectModel[];
}
