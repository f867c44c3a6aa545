import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useModels } from './queries';

export function ModelsScreen() {
  const models = useModels();
  if (models.isPending) return <LoadingState label="Loading models…" />;
  if (models.isError)
    return (
      <ErrorState
        title="Could not load models"
        error={models.error}
        onRetry={() => void models.refetch()}
      />
    );
  return (
    <div className="screen">
      <header className="pane-header">
        <h1>Models</h1>
      </header>
      {models.data.length === 0 ? (
        <EmptyState title="No models yet">
          A model is a SQL query over a warehouse with a unique id column. Create one with{' '}
          <code>ebb model add</code>.
        </EmptyState>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Warehouse</th>
              <th scope="col">Id column</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((model) => (
              <tr key={model.id}>
                <td>{model.name}</td>
                <td>{model.warehouse}</td>
                <td className="mono">{model.idColumn}</td>
                <td className="muted">{new Date(model.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
