import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import type { RacReport, ReportDistricts } from '@continuum/contracts';
import { Chart } from './Chart.tsx';
import { cellText, valueOf } from './report-format.ts';

echarts.use([MapChart, VisualMapComponent, TooltipComponent]);

/** A district's share of calls answered by a crisis team without police; null when a count is suppressed or there were none. */
export function diversionOf(report: RacReport, districtId: string): { calls: number | null; team: number | null; share: number | null } {
  const t = report.tables.find((x) => x.id === 'equity_district');
  // No row for a district: no calls there this month (0), not a suppressed count (null).
  const calls = valueOf(t, [districtId], 'calls') ?? (t ? 0 : null);
  const team = valueOf(t, [districtId], 'crisis_team') ?? (t ? 0 : null);
  return { calls, team, share: calls && team !== null ? team / calls : null };
}

/**
 * Each set of boundaries is registered once, under a name of its own: registering a name again
 * would change the geometry under a chart still drawn with it. ECharts names a region by
 * properties.name: the district's name, never its id.
 */
const registered = new WeakMap<ReportDistricts, string>();
let mapCount = 0;
function mapNameOf(districts: ReportDistricts): string {
  let name = registered.get(districts);
  if (!name) {
    name = `report-districts-${++mapCount}`;
    echarts.registerMap(name, districts as never);
    registered.set(districts, name);
  }
  return name;
}
/**
 * The districts shaded by diversion (issue 14 §3): the share of the month's calls a crisis team
 * answered without police. A district whose counts are suppressed is left grey. The table below
 * gives the same figures for screen readers and print.
 */
export function DistrictMap({ report, districts }: { report: RacReport; districts: ReportDistricts }) {
  const mapName = mapNameOf(districts);
  const rows = useMemo(() => districts.features.map((f) => ({ id: f.properties.id, name: f.properties.name, ...diversionOf(report, f.properties.id) })), [report, districts]);
  const option = useMemo(() => {
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number }) => `${p.name}: ${Number.isFinite(p.value) ? `${Math.round(p.value * 1000) / 10}% by a crisis team` : 'suppressed or no calls'}`,
      },
      visualMap: {
        // Below the map, never over it: a phone's width leaves no room beside it.
        min: 0, max: 1, left: 'center', bottom: 0, calculable: false, orient: 'horizontal', itemWidth: 14, itemHeight: 120,
        text: ['100% by a crisis team', '0%'], inRange: { color: ['#f3e7c9', '#2a7a5e'] },
        formatter: (v: number) => `${Math.round(v * 100)}%`,
      },
      series: [{
        type: 'map', map: mapName, roam: false, aspectScale: 0.78, selectedMode: false, top: 8, bottom: 44,
        itemStyle: { areaColor: '#d9dce1', borderColor: '#4a5160', borderWidth: 1 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: undefined, borderWidth: 2 } },
        label: { show: false },
        data: rows.map((r) => ({ name: r.name, value: r.share ?? Number.NaN })),
      }],
    };
  }, [mapName, rows]);
  return (
    <figure className="report-figure report-map" data-testid="rac-district-map">
      <figcaption>Diversion by police district: the share of calls a crisis team answered without police</figcaption>
      <Chart option={option} label="Map of the police districts shaded by the share of calls answered by a crisis team without police; the table below gives the figures" testId="rac-district-map-chart" />
      <table className="data-table map-table" data-testid="rac-district-map-table">
        <caption className="visually-hidden">Diversion by police district</caption>
        <thead><tr><th scope="col">District</th><th scope="col">Calls</th><th scope="col">By a crisis team</th><th scope="col">Share</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.name}</th>
              <td className="num">{cellText('calls', r.calls)}</td>
              <td className="num">{cellText('crisis_team', r.team)}</td>
              <td className="num">{cellText('share', r.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
