// The search playground: a query, facets that filter, sorting, personalisation for a chosen
// user switched on and off, and why each result ranks where it does.
import { useState } from 'react';
import { api } from '../api.js';
import { Card, Status, num } from '../util.jsx';

const sorts = [['relevance', 'Relevance'], ['popularity', 'Popularity'], ['price', 'Price, low first'], ['price_desc', 'Price, high first'], ['newest', 'Newest']];

// Price facet labels ("<10", "10..50", "500+") as filter ranges.
const priceRange = (v) => (v.startsWith('<') ? `..${v.slice(1)}` : v.endsWith('+') ? `${v.slice(0, -1)}..` : v);

export default function Search() {
  const [form, setForm] = useState({ q: '', user: '', personalize: true, sort: 'relevance' });
  const [filters, setFilters] = useState([]);
  const [result, setResult] = useState({ data: null, error: null, loading: false });
  const run = async (f = form, fl = filters) => {
    if (!f.q.trim()) return;
    setResult((r) => ({ ...r, loading: true, error: null }));
    try {
      const data = await api.get('/v1/search', {
        q: f.q, user: f.user.trim(), personalize: f.personalize, sort: f.sort, k: 20, explain: true,
        filters: fl.join(','), facets: 'category,brand,price',
      });
      setResult({ data, error: null, loading: false });
    } catch (error) {
      setResult({ data: null, error, loading: false });
    }
  };
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  const toggleFilter = (f) => {
    const next = filters.includes(f) ? filters.filter((x) => x !== f) : [...filters, f];
    setFilters(next);
    run(form, next);
  };
  const { data, error, loading } = result;
  return (
    <>
      <form className="panel" role="search" onSubmit={(e) => { e.preventDefault(); run(); }}>
        <div className="row">
          <label className="grow">Query <input name="q" type="search" value={form.q} onChange={set('q')} placeholder="e.g. red shoes" /></label>
          <label>Sort<select value={form.sort} onChange={(e) => { const f = { ...form, sort: e.target.value }; setForm(f); run(f); }}>{sorts.map(([v, n]) => <option key={v} value={v}>{n}</option>)}</select></label>
        </div>
        <div className="row">
          <label>For user <input name="user" value={form.user} onChange={set('user')} placeholder="optional user id" /></label>
          <label className="check"><input type="checkbox" name="personalize" checked={form.personalize} onChange={(e) => { const f = { ...form, personalize: e.target.checked }; setForm(f); run(f); }} /> Personalise for this user</label>
          <button type="submit" className="primary">Search</button>
        </div>
      </form>
      <Status loading={loading && !data} error={error}>
        {data && (
          <div className="search-layout">
            <aside aria-label="Facets" className="facets">
              {['category', 'brand', 'price'].filter((f) => data.facets[f] && data.facets[f].length).map((f) => (
                <fieldset key={f}>
                  <legend>{f}</legend>
                  {data.facets[f].slice(0, 12).map((v) => {
                    const filter = `${f}=${f === 'price' ? priceRange(v.value) : v.value}`;
                    return (
                      <label key={v.value} className="check">
                        <input type="checkbox" checked={filters.includes(filter)} onChange={() => toggleFilter(filter)} />
                        {v.value} <span className="muted">({v.count})</span>
                      </label>
                    );
                  })}
                </fieldset>
              ))}
              {filters.length > 0 && <button type="button" onClick={() => { setFilters([]); run(form, []); }}>Clear filters</button>}
            </aside>
            <Card title={`${num(data.total)} results for “${data.query}”`} className="grow">
              <p className="hint" aria-live="polite">
                Ranking: {data.model}{data.personalized ? ` (personalised for ${form.user})` : ''}. Response id {data.id}.
                {data.fallback ? ` ${data.fallback}` : ''}{data.dropped_words ? ` ${data.dropped_words} word(s) relaxed.` : ''}
              </p>
              <ol className="results">
                {data.items.map((it) => (
                  <li key={it.item} className="result">
                    <div className="result-head">
                      <strong>{it.title || it.item}</strong> <span className="mono muted">{it.item}</span>
                      <span className="score" title="final score">{it.score.toFixed(3)}</span>
                    </div>
                    <div className="muted small">{[it.category, it.brand, it.price != null ? num(it.price, 2) : null, it.in_stock === false ? 'out of stock' : null].filter(Boolean).join(' · ')}</div>
                    <div className="reason">Why: {it.reason}{it.personal > 0 ? ` · personal affinity ${it.personal.toFixed(2)}` : ''}</div>
                  </li>
                ))}
              </ol>
            </Card>
          </div>
        )}
      </Status>
      {!data && !error && !loading && <p className="hint">Type a query and press Search.</p>}
    </>
  );
}
