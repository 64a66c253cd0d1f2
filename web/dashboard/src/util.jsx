// Small shared pieces: data loading, formatting, stat cards, error and loading states.
import { useCallback, useEffect, useRef, useState } from 'react';

// Runs `load` whenever `deps` change; keeps the last good data while reloading.
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load()
      .then((data) => { if (mine === seq.current) setState({ data, error: null, loading: false }); })
      .catch((error) => { if (mine === seq.current) setState((s) => ({ data: s.data, error, loading: false })); });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => { run(); }, [run]);
  return { ...state, reload: run };
}

export const num = (x, digits = 0) =>
  x === undefined || x === null || Number.isNaN(x) ? '–' : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pct = (x, digits = 1) => (x === undefined || x === null ? '–' : `${(100 * x).toFixed(digits)}%`);
export const day = (ms) => (ms === undefined || ms === null ? '–' : new Date(ms).toISOString().slice(0, 10));
export const dateTime = (ms) => (ms === undefined || ms === null ? '–' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
export const label = (s) => String(s).replaceAll('_', ' ');

export function Stat({ name, value, hint }) {
  return (
    <div className="stat">
      <div className="stat-name">{name}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

export function Status({ loading, error, children }) {
  if (error) {
    const needsKey = error.status === 401 || error.status === 403;
    return (
      <div className="error" role="alert">
        {needsKey ? 'The server needs a key for this: enter it under "Keys" at the top right. ' : ''}
        {error.message}
      </div>
    );
  }
  if (loading) return <div className="loading" role="status">Loading…</div>;
  return children || null;
}

export function Card({ title, children, actions, className = '' }) {
  return (
    <section className={`card ${className}`} aria-label={title}>
      <div className="card-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function UserLink({ user }) {
  return <a href={`#/users/${encodeURIComponent(user)}`}>{user}</a>;
}
