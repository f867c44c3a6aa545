import type { ApiEvent, ApiResponse } from '../../../core/api/contract';

/** How the renderer reaches the engine: Electron's bridge or the loopback HTTP host. */
export interface Transport {
  request(name: string, arg: unknown): Promise<ApiResponse>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

declare global {
  interface Window {
    bridge?: Transport;
  }
}

const TOKEN_KEY = 'ebb.token';

/** Reads the per-launch token from ?token= once, keeps it for reloads, and clears it from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = takeToken();
  return {
    async request(name, arg) {
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ebb-token': token },
          body: JSON.stringify(arg ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: {
            code: 'OFFLINE',
            message: 'Ebb is not answering. Is `npm start` (or `ebb serve`) still running?',
          },
        };
      }
      return (await response.json()) as ApiResponse;
    },
    subscribe(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      const names: ApiEvent['name'][] = [
        'store.changed',
        'run.progress',
        'run.finished',
        'alert.raised',
      ];
      const handlers = names.map((name) => {
        const handler = (message: MessageEvent<string>) =>
          listener({ name, payload: JSON.parse(message.data) } as ApiEvent);
        source.addEventListener(name, handler);
        return handler;
      });
      return () => {
        names.forEach((name, i) => source.removeEventListener(name, handlers[i]!));
        source.close();
      };
    },
  };
}

export const chooseTransport = (): Transport => window.bridge ?? httpTransport();
