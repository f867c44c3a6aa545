import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, ApiResponse } from '../core/api/contract.js';
import { API_CHANNEL, EVENT_CHANNEL } from './channels.js';

/** All the renderer gets: one request function and one event subscription, nothing from Node. */
const bridge = {
  request: (name: string, arg: unknown): Promise<ApiResponse> =>
    ipcRenderer.invoke(API_CHANNEL, name, arg),
  subscribe: (listener: (event: ApiEvent) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('bridge', bridge);
