/**
 * Prometheus remote write 1.0's body: a protobuf `prometheus.WriteRequest` (encoded by
 * protobufjs from the schema below, as in prometheus/prompb/types.proto and remote.proto),
 * compressed with snappy's block format (snappyjs). Labels sorted by name, as receivers expect.
 */
import protobuf from 'protobufjs'
import { compress } from 'snappyjs'

export interface RemoteSeries {
  /** Label name to value, `__name__` included. */
  labels: Record<string, string>
  value: number
  timestampMs: number
}

const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
})
const WriteRequest = root.lookupType('prometheus.WriteRequest')

/** The HTTP body of one push, and the headers remote write 1.0 asks for. */
export function encodeWriteRequest(series: readonly RemoteSeries[]): Uint8Array {
  const timeseries = series.map(({ labels, value, timestampMs }) => ({
    labels: Object.keys(labels).sort().map((name) => ({ name, value: labels[name] })),
    samples: [{ value, timestamp: timestampMs }],
  }))
  return compress(WriteRequest.encode(WriteRequest.create({ timeseries })).finish())
}

export const REMOTE_WRITE_HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
} as const

/** A tag name as a Prometheus label name may be: [a-zA-Z_][a-zA-Z0-9_]*. */
export function labelName(tag: string): string {
  const name = tag.replace(/[^a-zA-Z0-9_]/g, '_')
  return /^[0-9]/.test(name) ? `_${name}` : name
}
