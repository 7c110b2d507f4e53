/**
 * The waterfall's request order (src/viewer/network-order.ts): its control, a sort and a group
 * select, and the rows it places. Grouping into first and third parties needs the public-suffix
 * list (tldts, ~50 KB gzipped), loaded only once that grouping is chosen: until then the rows are
 * sorted, not grouped.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { arrangeRows, placeRows, TRACE_ORDER, type NetworkGroup, type NetworkOrder, type NetworkSort, type SiteOf } from '../../src/viewer/network-order';
import type { TraceLayout } from '../../src/viewer/trace';
import { LabelledSelect, type Choice } from './LabelledSelect';

const SORTS: Choice<NetworkSort>[] = [
  { value: 'start', label: 'start' },
  { value: 'duration', label: 'duration (longest first)' },
  { value: 'size', label: 'size (largest first)' },
  { value: 'name', label: 'name' },
];
const GROUPS: Choice<NetworkGroup>[] = [
  { value: 'none', label: 'none' },
  { value: 'type', label: 'type' },
  { value: 'host', label: 'host' },
  { value: 'party', label: 'first / third party' },
];

export function NetworkOrderControl({ order, onOrder }: { order: NetworkOrder; onOrder(order: NetworkOrder): void }) {
  return (
    <div class="nw-order" role="group" aria-label="Order of requests">
      <LabelledSelect label="Sort requests by" value={order.sort} choices={SORTS} onChange={(sort) => onOrder({ ...order, sort })} testId="network-sort" />
      <LabelledSelect label="Group by" value={order.group} choices={GROUPS} onChange={(group) => onOrder({ ...order, group })} testId="network-group" />
    </div>
  );
}

/** `shown` (rows left visible, in tree order) in the order chosen, the rows that begin a group, and the control. */
export function useNetworkOrder(layout: TraceLayout, shown: readonly number[]) {
  const [order, setOrder] = useState<NetworkOrder>(TRACE_ORDER);
  const [siteOf, setSiteOf] = useState<SiteOf>();
  useEffect(() => {
    if (order.group !== 'party' || siteOf) return;
    let live = true;
    void import('../../src/registrable-domain').then(({ siteOfOrigin }) => live && setSiteOf(() => siteOfOrigin));
    return () => {
      live = false;
    };
  }, [order.group, siteOf]);
  const group = order.group === 'party' && !siteOf ? 'none' : order.group;
  const arranged = useMemo(() => arrangeRows(layout, { sort: order.sort, group }, siteOf ?? String), [layout, order.sort, group, siteOf]);
  const placed = useMemo(() => placeRows(layout, arranged, shown), [layout, arranged, shown]);
  return { ...placed, control: <NetworkOrderControl order={order} onOrder={setOrder} /> };
}
