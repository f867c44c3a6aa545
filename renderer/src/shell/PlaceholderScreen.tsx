import { EmptyState } from '../components/States';

/** A screen whose engine calls have not landed yet: an honest empty state, not a fake list. */
export function PlaceholderScreen({ title, message }: { title: string; message: string }) {
  return (
    <div className="screen">
      <header className="pane-header">
        <h1>{title}</h1>
      </header>
      <EmptyState title={`No ${title.toLowerCase()} yet`}>{message}</EmptyState>
    </div>
  );
}
