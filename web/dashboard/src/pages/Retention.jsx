// Cohort retention as a heatmap: users grouped by their first period, the share active
// (any event, or purchases only) in each later period.
import { useMemo, useState } from 'react';
import { api } from '../api.js';
import Chart from '../Chart.jsx';
import { Card, Status, pct, useLoad } from '../util.jsx';

export default function Retention() {
  const [period, setPeriod] = useState('week');
  const [activity, setActivity] = useState('any');
  const [cohort, setCohort] = useState('first_activity');
  const { data, error, loading } = useLoad(
    () => api.get('/v1/analytics/cohorts', { period, activity, cohort, max_cohorts: 26 }), [period, activity, cohort]);
  const option = useMemo(() => {
    if (!data || !data.cohorts.length) return null;
    const rows = data.cohorts;
    const width = Math.min(26, Math.max(...rows.map((r) => r.retention.length)));
    const cells = [];
    rows.forEach((r, y) => r.retention.slice(0, width).forEach((v, x) => cells.push([x, y, Number(v.toFixed(4))])));
    return {
      tooltip: { formatter: (p) => `${rows[p.value[1]].cohort} (${rows[p.value[1]].users} users)<br/>+${p.value[0]} ${data.period}s: ${pct(p.value[2])}` },
      grid: { left: 110, right: 20, top: 10, bottom: 95 },
      xAxis: { type: 'category', name: `${data.period}s after`, nameLocation: 'middle', nameGap: 28, data: Array.from({ length: width }, (_, i) => `+${i}`) },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => `${r.cohort} · ${r.users}`) },
      visualMap: { min: 0, max: activity === 'any' || cohort === 'first_purchase' ? 1 : 0.5, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, formatter: (v) => pct(v, 0), inRange: { color: ['#f4f7fd', '#9ebcf0', '#2f6fde', '#173d85'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: width <= 14, formatter: (p) => (p.value[2] > 0 ? Math.round(100 * p.value[2]) : '') , fontSize: 10 } }],
    };
  }, [data]);
  const toggle = (value, set, options, name) => (
    <div className="seg" role="radiogroup" aria-label={name}>
      {options.map(([v, n]) => (
        <button key={v} type="button" role="radio" aria-checked={value === v} className={value === v ? 'on' : ''} onClick={() => set(v)}>{n}</button>
      ))}
    </div>
  );
  return (
    <>
      <div className="toolbar">
        {toggle(activity, setActivity, [['any', 'Any activity'], ['purchases', 'Purchases']], 'Counts as active')}
        {toggle(cohort, setCohort, [['first_activity', 'By first visit'], ['first_purchase', 'By first purchase']], 'Cohort by')}
        {toggle(period, setPeriod, [['day', 'Day'], ['week', 'Week'], ['month', 'Month']], 'Period')}
      </div>
      <Status loading={loading && !data} error={error}>
        {data && (
          <Card title={`Retention by ${data.period}: ${data.active === 'any' ? 'any activity' : 'purchases'}`}>
            {option ? <Chart option={option} height={Math.max(260, 26 * data.cohorts.length + 90)} label="Cohort retention heatmap" />
              : <p>No cohorts in the data.</p>}
          </Card>
        )}
      </Status>
    </>
  );
}
