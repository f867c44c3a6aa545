import { SCREENS, type ScreenId } from './navigation';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export function Sidebar({
  current,
  onSelect,
}: {
  current: ScreenId;
  onSelect: (id: ScreenId) => void;
}) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ≋
        </span>
        Ebb
      </div>
      <ul>
        {SCREENS.map((screen) => (
          <li key={screen.id}>
            <a
              href={`#/${screen.id}`}
              className={screen.id === current ? 'nav-link active' : 'nav-link'}
              aria-current={screen.id === current ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                onSelect(screen.id);
              }}
            >
              <span>{screen.label}</span>
              <kbd>
                {isMac ? '⌘' : 'Ctrl+'}
                {screen.key}
              </kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
