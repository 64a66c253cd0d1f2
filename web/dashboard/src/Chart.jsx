// ECharts, tree-shaken to the charts the dashboard draws; resized with its container.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent,
  TooltipComponent, VisualMapComponent, CanvasRenderer]);

export const palette = ['#2f6fde', '#e8743b', '#19a979', '#945ecf', '#ed4a7b', '#13a4b4', '#bf399e', '#6c8893', '#ee6868'];

export default function Chart({ option, height = 300, label, onClick }) {
  const el = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = echarts.init(el.current, null, { renderer: 'canvas' });
    const ro = new ResizeObserver(() => chart.current && chart.current.resize());
    ro.observe(el.current);
    return () => { ro.disconnect(); chart.current.dispose(); chart.current = null; };
  }, []);
  useEffect(() => {
    chart.current.setOption({ color: palette, aria: { enabled: true }, animationDuration: 300, ...option }, true);
  }, [option]);
  useEffect(() => {
    if (!onClick) return undefined;
    chart.current.on('click', onClick);
    return () => chart.current && chart.current.off('click', onClick);
  }, [onClick]);
  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}
