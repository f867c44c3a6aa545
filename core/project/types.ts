import type { ModelFileStatus } from '../types.js';

export interface ModelFileState {
  status: ModelFileStatus;
  message?: string;
}

export interface ProjectModel {
  name: string;
  path: string;
  action: 'added' | 'updated' | 'unchanged' | 'written' | 'conflict' | 'invalid';
  message?: string;
}

export interface ProjectResult {
  dir: string;
  models: ProjectModel[];
}
