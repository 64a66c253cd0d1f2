// Served models with their held-out metrics side by side, the A/B variants with attributed
// click-through and conversion, and retrain / make-default buttons (admin key).
import { useEffect, useMemo, useState } from 'react';
import { api, enc, keys } from '../api.js';
import Chart from '../Chart.jsx';
import { Card, Status, dateTime, num, pct, useLoad } from '../util.jsx';

const metricNames = ['hr@10', 'recall@10', 'ndcg@10'];

function ModelList({ onChanged }) {
  const { data, error, loading, reload } = useLoad(() => (keys.admin ? api.adminGet('/v1/admin/models') : Promise.resolve(null)), []);
  const [status, setStatus] = useState('');
  const [job, setJob] = useState(null);
  const [name, setName] = useState('pop-new');
  const [spec, setSpec] = useState('pop');
  useEffect(() => {
    if (!job || job.state === 'done' || job.state === 'failed') return undefined;
    const t = setTimeout(async () => {
      try {
        const j = await api.adminGet(`/v1/admin/jobs/${enc(job.id)}`);
        setJob(j);
        if (j.state === 'done') { setStatus(`Model ${j.model} trained.`); reload(); onChanged(); }
        if (j.state === 'failed') setStatus(`Training ${j.model} failed: ${j.error}`);
      } catch (e) { setStatus(e.message); }
    }, 700);
    return () => clearTimeout(t);
  }, [job]);
  const train = async (modelName, modelSpec) => {
    try {
      const r = await api.adminSend('POST', '/v1/admin/models', { name: modelName, spec: modelSpec, evaluate: true });
      setJob({ id: r.job, state: 'queued', model: modelName });
      setStatus(`Training ${modelName} (${modelSpec})…`);
    } catch (e) { setStatus(e.message); }
  };
  const makeDefault = async (modelName) => {
    try {
      await api.adminSend('PUT', `/v1/admin/models/${enc(modelName)}/default`);
      setStatus(`${modelName} now answers requests that name no model.`);
      reload();
      onChanged();
    } catch (e) { setStatus(e.message); }
  };
  const models = data ? data.models : [];
  // Without an explicit default the server answers with the newest trained model.
  const explicit = models.find((m) => m.default);
  const newest = models.reduce((a, m) => (!a || m.trained_at_ms > a.trained_at_ms ? m : a), null);
  const effective = explicit ? explicit.name : newest ? newest.name : 'covisit';
  const option = useMemo(() => models.some((m) => m.eval) && {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: metricNames },
    yAxis: { type: 'value' },
    series: models.filter((m) => m.eval).map((m) => ({ name: m.name, type: 'bar', data: metricNames.map((k) => m.eval[k]) })),
  }, [data]);
  if (!keys.admin) return <Card title="Models"><p className="hint">Listing, retraining and swapping models needs the admin key: enter it under “Keys” at the top right.</p></Card>;
  return (
    <Card title="Models">
      <Status loading={loading && !data} error={error}>
        <table>
          <thead><tr><th scope="col">Model</th><th scope="col">Spec</th>{metricNames.map((k) => <th scope="col" className="n" key={k}>{k}</th>)}<th scope="col">Trained</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.name}>
                <th scope="row">{m.name}{effective === m.name && <span className="badge">default</span>}</th>
                <td className="mono small">{m.spec}</td>
                {metricNames.map((k) => <td className="n" key={k}>{m.eval && m.eval[k] != null ? num(m.eval[k], 3) : '–'}</td>)}
                <td className="small">{dateTime(m.trained_at_ms)} <span className="muted">({num(m.train_seconds, 1)} s)</span></td>
                <td><div className="actions">
                  <button type="button" onClick={() => train(m.name, m.spec)}>Retrain</button>
                  <button type="button" disabled={effective === m.name} onClick={() => makeDefault(m.name)}>Make default</button>
                </div></td>
              </tr>
            ))}
            <tr>
              <th scope="row">covisit{effective === 'covisit' && <span className="badge">default</span>}</th>
              <td className="small muted" colSpan={metricNames.length + 2}>live co-visitation counts, updated on every event</td>
              <td><div className="actions"><button type="button" disabled={effective === 'covisit'} onClick={() => makeDefault('covisit')}>Make default</button></div></td>
            </tr>
          </tbody>
        </table>
        {option && <Chart option={option} height={240} label="Held-out metrics per model" />}
        <form className="row" onSubmit={(e) => { e.preventDefault(); train(name.trim(), spec.trim()); }}>
          <label>New model name <input value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label>Spec <input value={spec} onChange={(e) => setSpec(e.target.value)} list="specs" /></label>
          <datalist id="specs">{['pop', 'pop:mode=trending', 'itemknn', 'ials:factors=32', 'ease', 'markov'].map((s) => <option key={s} value={s} />)}</datalist>
          <button type="submit" className="primary">Train</button>
        </form>
        <p className="hint" role="status">{status}</p>
      </Status>
    </Card>
  );
}

function Experiments({ version }) {
  const { data, error, loading } = useLoad(() => api.get('/v1/attribution'), [version]);
  return (
    <Card title="A/B variants and attribution">
      <Status loading={loading && !data} error={error}>
        {data && (
          <>
            <p className="hint">{data.experiment ? `Experiment “${data.experiment.name}”: ${data.experiment.variants.map((v) => `${v.name} → ${v.model || 'default'} (${v.weight})`).join(', ')}.` : 'No experiment running; groups below are by placement and model.'} Clicks and purchases count when events cite a response id in “ref”.</p>
            <table>
              <thead><tr><th scope="col">Placement</th><th scope="col">Model</th><th scope="col">Variant</th><th scope="col" className="n">Responses</th><th scope="col" className="n">CTR</th><th scope="col" className="n">CTR 95% CI</th><th scope="col" className="n">Conversion</th><th scope="col" className="n">Conv. 95% CI</th></tr></thead>
              <tbody>
                {data.groups.map((g, i) => (
                  <tr key={i}>
                    <td>{g.placement}</td><td>{g.model}</td><td>{g.variant || '–'}</td><td className="n">{num(g.responses)}</td>
                    <td className="n">{pct(g.ctr, 2)}</td><td className="n small">{pct(g.ctr_ci95[0], 1)}–{pct(g.ctr_ci95[1], 1)}</td>
                    <td className="n">{pct(g.conversion, 2)}</td><td className="n small">{pct(g.conversion_ci95[0], 1)}–{pct(g.conversion_ci95[1], 1)}</td>
                  </tr>
                ))}
                {data.groups.length === 0 && <tr><td colSpan={8} className="muted">No responses served yet.</td></tr>}
              </tbody>
            </table>
          </>
        )}
      </Status>
    </Card>
  );
}

export default function Models() {
  const [version, setVersion] = useState(0);
  return (
    <>
      <ModelList onChanged={() => setVersion(version + 1)} />
      <Experiments version={version} />
    </>
  );
}
