/** Attributes as a table, keys sorted, values as text (long ones wrap): a span's, its resource's, an event's. */
import type { Attributes } from '../../src/protocol/span';

export function AttributeTable({ attributes, testId }: { attributes: Attributes; testId?: string }) {
  return (
    <table class="attributes" data-testid={testId}>
      <tbody>
        {Object.entries(attributes)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>{String(value)}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
