import { ModelsScreen } from './models/ModelsScreen';
import { useScreen } from './shell/navigation';
import { PlaceholderScreen } from './shell/PlaceholderScreen';
import { Sidebar } from './shell/Sidebar';
import { WarehousesScreen } from './warehouses/WarehousesScreen';

export function App() {
  const [screen, setScreen] = useScreen();
  return (
    <div className="app">
      <Sidebar current={screen} onSelect={setScreen} />
      <main className="main">
        {screen === 'warehouses' && <WarehousesScreen />}
        {screen === 'models' && <ModelsScreen />}
        {screen === 'destinations' && (
          <PlaceholderScreen
            title="Destinations"
            message="A destination is where synced changes go: a folder of files, a webhook or a PostgreSQL table."
          />
        )}
        {screen === 'syncs' && (
          <PlaceholderScreen
            title="Syncs"
            message="A sync sends a model's new, updated and deleted records to a destination, now or on a schedule."
          />
        )}
        {screen === 'usage' && (
          <PlaceholderScreen
            title="Usage & Billing"
            message="Every record a sync attempts is metered here against your monthly plan."
          />
        )}
      </main>
    </div>
  );
}
