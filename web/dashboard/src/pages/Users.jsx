// One user: timeline, preference profile, RFM segment, churn risk and each model's
// recommendations with reasons; a test event (admin key) shows the recommendations change.
import { useEffect, useState } from 'react';
import { api, enc, keys } from '../api.js';
import { Card, Stat, Status, dateTime, day, label, num, pct, useLoad } from '../util.jsx';

function Picker({ user }) {
  const [text, setText] = useState(user);
  const { data } = useLoad(() => api.get('/v1/analytics/segments/champions/users', { limit: 6 }).catch(() => null), []);
  return (
    <form className="toolbar" onSubmit={(e) => { e.preventDefault(); if (text.trim()) window.location.hash = `#/users/${enc(text.trim())}`; }}>
      <label>User id <input name="user" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. u42" /></label>
      <button type="submit" className="primary">Show</button>
      {data && data.users.length > 0 && (
        <span className="hint">Try: {data.users.map((u) => <a key={u.user} href={`#/users/${enc(u.user)}`} className="chip">{u.user}</a>)}</span>
      )}
    </form>
  );
}

async function loadRecs(user) {
  let names = ['covisit'];
  if (keys.admin) {
    try {
      const m = await api.adminGet('/v1/admin/models');
      names = [...m.models.map((x) => x.name), 'covisit'];
    } catch { /* without the admin key only the default model is listed */ }
  }
  const lists = await Promise.all(names.map((model) => api.get(`/v1/users/${enc(user)}/recommendations`, { k: 6, model })
    .then((r) => ({ model, ...r })).catch((error) => ({ model, error }))));
  const def = await api.get(`/v1/users/${enc(user)}/recommendations`, { k: 6 }).catch(() => null);
  return { lists, defaultModel: def && def.model };
}

function Recommendations({ user, version, previous, onPick }) {
  const { data, error, loading } = useLoad(() => loadRecs(user), [user, version]);
  useEffect(() => { if (data) previous.current = { ...previous.current, [version]: data }; }, [data]);
  const before = previous.current[version - 1];
  const seen = (model) => {
    const l = before && before.lists.find((x) => x.model === model);
    return l && l.items ? new Set(l.items.map((i) => i.item)) : null;
  };
  return (
    <Card title="Recommendations by model">
      <Status loading={loading && !data} error={error}>
        {data && (
          <div className="recs" aria-live="polite">
            {data.lists.map((l) => {
              const old = seen(l.model);
              return (
                <div className="rec-col" key={l.model} data-model={l.model}>
                  <h3>{l.model}{l.model === data.defaultModel ? <span className="badge">default</span> : null}</h3>
                  {l.error ? <p className="error">{l.error.message}</p> : (
                    <ol>
                      {l.items.map((it) => (
                        <li key={it.item} className="rec-item">
                          <span className="mono">{it.item}</span>{old && !old.has(it.item) && <span className="badge new">new</span>}
                          <button type="button" className="mini" aria-label={`Use ${it.item} from ${l.model} in the test event`} onClick={() => onPick({ item: it.item, ref: l.id, model: l.model })}>use</button>
                          {it.title && <div>{it.title}</div>}
                          <div className="muted small">{it.category ? `${it.category} · ` : ''}{it.price != null ? num(it.price, 2) : ''}</div>
                          <div className="reason">{it.reason}</div>
                        </li>
                      ))}
                    </ol>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </Status>
    </Card>
  );
}

function TestEvent({ user, onSent, picked }) {
  const [item, setItem] = useState('');
  const [type, setType] = useState('cart');
  const [status, setStatus] = useState('');
  const trending = useLoad(() => api.get('/v1/recommend/trending', { k: 40 }), []);
  // The store's newest event time: on a historical sample shop "now" would be years later.
  const range = useLoad(() => api.get('/v1/analytics/overview', { bucket: 'week', top: 1 }).then((o) => o.data_range), []);
  useEffect(() => { if (picked) setItem(picked.item); }, [picked]);
  const send = async (e) => {
    e.preventDefault();
    setStatus('Sending…');
    const name = item.trim();
    const body = { user, item: name, type };
    if (range.data && range.data.to) body.ts = Math.min(Date.now(), range.data.to);
    if (picked && picked.item === name && picked.ref) body.ref = picked.ref;  // attributed to that response
    try {
      await api.adminSend('POST', '/v1/events', body);
      setStatus(`Sent: ${type} on ${name}${body.ref ? ` (citing the ${picked.model} response)` : ''}. Recommendations reloaded.`);
      onSent();
    } catch (err) {
      setStatus(err.status === 401 || err.status === 403 ? 'Sending events needs the admin key (Keys, top right).' : err.message);
    }
  };
  return (
    <Card title="Send a test event">
      <form className="row" onSubmit={send}>
        <label>Item <input name="item" list="trending-items" value={item} onChange={(e) => setItem(e.target.value)} placeholder="item id" required /></label>
        <datalist id="trending-items">{trending.data && trending.data.items.map((i) => <option key={i.item} value={i.item}>{i.title || ''}</option>)}</datalist>
        <label>Event<select value={type} onChange={(e) => setType(e.target.value)}>{['view', 'click', 'cart', 'favorite', 'purchase', 'dislike'].map((t) => <option key={t}>{t}</option>)}</select></label>
        <button type="submit" className="primary">Send event</button>
      </form>
      <p className="hint" role="status">{status || 'The live co-visitation model answers the next request with this event included. “use” on a recommendation fills it in and cites that response, so the Models page attributes it.'}</p>
    </Card>
  );
}

function Shares({ rows, keyName }) {
  if (!rows || !rows.length) return <p className="muted">–</p>;
  return (
    <ul className="shares">
      {rows.map((r) => (
        <li key={r[keyName]}><span>{r[keyName]}</span><span className="bar" style={{ width: `${Math.round(120 * r.share)}px` }} /><span className="muted">{pct(r.share, 0)}</span></li>
      ))}
    </ul>
  );
}

function Explorer({ user }) {
  const [version, setVersion] = useState(0);
  const [picked, setPicked] = useState(null);
  const [tick, setTick] = useState(0);  // the timeline again once the next snapshot (>= 1 s) has the event
  const previous = useState(() => ({ current: {} }))[0];
  const timeline = useLoad(() => api.get(`/v1/analytics/users/${enc(user)}/timeline`, { limit: 60 }), [user, version, tick]);
  const profile = useLoad(() => api.get(`/v1/users/${enc(user)}/profile`), [user, version]);
  const t = timeline.data;
  const p = profile.data;
  return (
    <>
      <Status loading={timeline.loading && !t} error={timeline.error}>
        {t && (
          <div className="stats">
            <Stat name="Events" value={num(t.events_total)} hint={`${num(t.sessions)} sessions`} />
            <Stat name="First seen" value={day(t.first_seen)} hint={`${dateTime(t.first_seen).slice(11)} UTC`} />
            <Stat name="Last seen" value={day(t.last_seen)} hint={`${dateTime(t.last_seen).slice(11)} UTC`} />
            <Stat name="RFM segment" value={t.rfm ? label(t.rfm.segment) : 'no purchase'} hint={t.rfm ? `R${t.rfm.r} F${t.rfm.f} M${t.rfm.m}` : ''} />
            <Stat name="Churn risk" value={t.churn_risk ? pct(t.churn_risk.probability, 0) : '–'} hint={t.churn_risk ? Object.keys(t.churn_risk.reasons).map(label).join(', ') : 'not in the scored population'} />
          </div>
        )}
      </Status>
      <Recommendations user={user} version={version} previous={previous} onPick={setPicked} />
      <TestEvent user={user} onSent={() => { setVersion(version + 1); setTimeout(() => setTick((t) => t + 1), 1300); }} picked={picked} />
      <div className="grid2">
        <Card title="Preference profile">
          <Status loading={profile.loading && !p} error={profile.error}>
            {p && (
              <>
                <h3>Categories</h3><Shares rows={p.preferences.top_categories} keyName="category" />
                <h3>Brands</h3><Shares rows={p.preferences.top_brands} keyName="brand" />
                <p>Median price: {p.preferences.median_price != null ? num(p.preferences.median_price, 2) : '–'}</p>
              </>
            )}
          </Status>
        </Card>
        <Card title="Timeline">
          {t && (
            <ol className="timeline">
              {t.events.map((e, i) => (
                <li key={i} className={e.new_session ? 'session' : ''}>
                  <span className="muted mono">{dateTime(e.ts)}</span> <span className={`type t-${e.type}`}>{label(e.type)}</span>{' '}
                  {e.item && <span className="mono">{e.item}</span>} {e.title && <span className="muted">{e.title}</span>}
                  {e.query && <span>“{e.query}”</span>}
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

export default function Users({ arg }) {
  return (
    <>
      <Picker user={arg} key={arg} />
      {arg ? <Explorer user={arg} key={arg} /> : <p className="hint">Choose a user: type an id, or follow a link from Segments.</p>}
    </>
  );
}
