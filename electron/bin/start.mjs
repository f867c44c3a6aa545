#!/usr/bin/env node
// `npm start`: runs electron/start/startApp.ts through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../start/startApp.ts');
