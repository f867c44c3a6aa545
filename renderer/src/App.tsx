import { lazy, Suspense } from 'react';
import { useAlertNotifications } from './alerts/useAlertNotifications';
import { useApiEvent } from './api/ApiContext';
import { LoadingState } from './components/States';
import { useToast } from './components/Toasts';
import { DestinationsScreen } from './destinations/DestinationsScreen';
import { BuilderSessionProvider } from './models/builderSession';
import { useScreen } from './shell/navigation';
import { Sidebar } from './shell/Sidebar';
import { useUnsavedGuard } from './shell/unsavedChanges';
import { SyncsScreen } from './syncs/SyncsScreen';
import { runHeadline } from './syncs/format';
import { UsageScreen } from './usage/UsageScreen';
import { WarehousesScreen } from './warehouses/WarehousesScreen';

// Monaco is large: it loads with the Models screen, not with the app.
const ModelsScreen = lazy(() =>
  import('./models/ModelsScreen').then((m) => ({ default: m.ModelsScreen })),
);

export function App() {
  const guard = useUnsavedGuard();
  const [screen, setScreen] = useScreen(guard.confirmLeave);
  const toast = useToast();
  useAlertNotifications();
  useApiEvent('run.finished', (run) => {
    const tone =
      run.status === 'succeeded'
        ? 'success'
        : run.status === 'partial' || run.status === 'paused' || run.status === 'cancelled'
          ? 'info'
          : 'error';
    // A failed run's reason is shown once, on the sync's page (its last run), not again here.
    const body =
      run.status === 'failed' ? runHeadline({ ...run, message: undefined }) : runHeadline(run);
    toast({ tone, title: `${run.sync}: ${run.status}`, body }, 8000);
  });
  return (
    <BuilderSessionProvider>
      <div className="app">
        <Sidebar current={screen} onSelect={setScreen} />
        <main className="main">
          {screen === 'warehouses' && <WarehousesScreen />}
          {screen === 'models' && (
            <Suspense fallback={<LoadingState label="Loading the editor…" />}>
              <ModelsScreen />
            </Suspense>
          )}
          {screen === 'destinations' && <DestinationsScreen />}
          {screen === 'syncs' && <SyncsScreen />}
          {screen === 'usage' && <UsageScreen />}
        </main>
      </div>
    </BuilderSessionProvider>
  );
}
