// The shell: navigation, the keys form and hash routing (#/page/arg), so the server needs
// to serve only index.html and its assets.
import { useEffect, useRef, useState } from 'react';
import { keys } from './api.js';
import Overview from './pages/Overview.jsx';
import Funnels from './pages/Funnels.jsx';
import Retention from './pages/Retention.jsx';
import Segments from './pages/Segments.jsx';
import Users from './pages/Users.jsx';
import Search from './pages/Search.jsx';
import Models from './pages/Models.jsx';

const pages = [
  { id: 'overview', name: 'Overview', Page: Overview },
  { id: 'funnels', name: 'Funnels', Page: Funnels },
  { id: 'retention', name: 'Retention', Page: Retention },
  { id: 'segments', name: 'Segments', Page: Segments },
  { id: 'users', name: 'User explorer', Page: Users },
  { id: 'search', name: 'Search playground', Page: Search },
  { id: 'models', name: 'Models', Page: Models },
];

function route() {
  const [id = 'overview', ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  return { id, arg: rest.length ? decodeURIComponent(rest.join('/')) : '' };
}

function Keys({ onChange }) {
  const [open, setOpen] = useState(false);
  const [read, setRead] = useState(keys.read);
  const [admin, setAdmin] = useState(keys.admin);
  const save = (e) => {
    e.preventDefault();
    keys.set(read.trim(), admin.trim());
    setOpen(false);
    onChange();
  };
  return (
    <div className="keys">
      <button type="button" aria-expanded={open} aria-controls="keys-form" onClick={() => setOpen(!open)}>
        Keys {keys.admin ? '(admin)' : keys.read ? '(read)' : ''}
      </button>
      {open && (
        <form id="keys-form" className="keys-form" onSubmit={save}>
          <label>API key (read)<input type="password" value={read} onChange={(e) => setRead(e.target.value)} autoComplete="off" /></label>
          <label>Admin key<input type="password" value={admin} onChange={(e) => setAdmin(e.target.value)} autoComplete="off" /></label>
          <p className="hint">Kept in this tab only (sessionStorage). The admin key enables test events, retraining and model swaps.</p>
          <button type="submit">Save keys</button>
        </form>
      )}
    </div>
  );
}

export default function App() {
  const [where, setWhere] = useState(route);
  const [epoch, setEpoch] = useState(0);  // bumps when keys change, so pages reload
  const heading = useRef(null);
  useEffect(() => {
    const on = () => setWhere(route());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => { heading.current && heading.current.focus(); }, [where.id]);
  const page = pages.find((p) => p.id === where.id) || pages[0];
  const { Page } = page;
  return (
    <div className="app">
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); heading.current.focus(); }}>Skip to content</a>
      <header className="top">
        <div className="brand"><span className="logo" aria-hidden="true" />ShopSense</div>
        <Keys onChange={() => setEpoch(epoch + 1)} />
      </header>
      <nav className="side" aria-label="Dashboard pages">
        <ul>
          {pages.map((p) => (
            <li key={p.id}>
              <a href={`#/${p.id}`} aria-current={p.id === page.id ? 'page' : undefined}>{p.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>{page.name}</h1>
        <Page key={`${page.id}:${epoch}`} arg={where.arg} />
      </main>
    </div>
  );
}
