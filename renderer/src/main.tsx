import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiContext';
import { createClient } from './api/client';
import { chooseTransport } from './api/transport';
import { App } from './App';
import { ToastProvider } from './components/Toasts';
import { UndoableDeleteProvider } from './components/undoableDelete';
import { UnsavedChangesProvider } from './shell/unsavedChanges';
import './styles.css';

const transport = chooseTransport();
const api = { transport, call: createClient(transport) };
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ApiProvider value={api}>
        <ToastProvider>
          <UndoableDeleteProvider>
            <UnsavedChangesProvider>
              <App />
            </UnsavedChangesProvider>
          </UndoableDeleteProvider>
        </ToastProvider>
      </ApiProvider>
    </QueryClientProvider>
  </StrictMode>,
);
