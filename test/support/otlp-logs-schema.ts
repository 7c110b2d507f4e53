/**
 * The messages of an OTLP ExportLogsServiceRequest as a protobufjs JSON descriptor, for strict
 * decoding in tests (the protobufjs code otlp-decode ships has traces and metrics only). Field
 * names are OTLP JSON's (lowerCamelCase), numbers and types those of opentelemetry-proto:
 * common/v1/common.proto, resource/v1/resource.proto, logs/v1/logs.proto and
 * collector/logs/v1/logs_service.proto. Fields Spanlight never writes (string tables' indexes,
 * entity refs) are left out, so a writer that wrote them would fail the decode.
 */
const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });

const SEVERITIES = ['UNSPECIFIED', 'TRACE', 'TRACE2', 'TRACE3', 'TRACE4', 'DEBUG', 'DEBUG2', 'DEBUG3', 'DEBUG4', 'INFO', 'INFO2', 'INFO3', 'INFO4', 'WARN', 'WARN2', 'WARN3', 'WARN4', 'ERROR', 'ERROR2', 'ERROR3', 'ERROR4', 'FATAL', 'FATAL2', 'FATAL3', 'FATAL4'];

export const LOGS_SCHEMA = {
  nested: {
    common: {
      nested: {
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: {
            stringValue: { type: 'string', id: 1 },
            boolValue: { type: 'bool', id: 2 },
            intValue: { type: 'int64', id: 3 },
            doubleValue: { type: 'double', id: 4 },
            arrayValue: { type: 'ArrayValue', id: 5 },
            kvlistValue: { type: 'KeyValueList', id: 6 },
            bytesValue: { type: 'bytes', id: 7 },
          },
        },
        ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
        KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
        KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
        InstrumentationScope: {
          fields: {
            name: { type: 'string', id: 1 },
            version: { type: 'string', id: 2 },
            attributes: repeated('KeyValue', 3),
            droppedAttributesCount: { type: 'uint32', id: 4 },
          },
        },
      },
    },
    resource: {
      nested: {
        Resource: { fields: { attributes: repeated('common.KeyValue', 1), droppedAttributesCount: { type: 'uint32', id: 2 } } },
      },
    },
    logs: {
      nested: {
        ExportLogsServiceRequest: { fields: { resourceLogs: repeated('ResourceLogs', 1) } },
        ResourceLogs: { fields: { resource: { type: 'resource.Resource', id: 1 }, scopeLogs: repeated('ScopeLogs', 2), schemaUrl: { type: 'string', id: 3 } } },
        ScopeLogs: { fields: { scope: { type: 'common.InstrumentationScope', id: 1 }, logRecords: repeated('LogRecord', 2), schemaUrl: { type: 'string', id: 3 } } },
        SeverityNumber: { values: Object.fromEntries(SEVERITIES.map((name, i) => [`SEVERITY_NUMBER_${name}`, i])) },
        LogRecord: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 },
            observedTimeUnixNano: { type: 'fixed64', id: 11 },
            severityNumber: { type: 'SeverityNumber', id: 2 },
            severityText: { type: 'string', id: 3 },
            body: { type: 'common.AnyValue', id: 5 },
            attributes: repeated('common.KeyValue', 6),
            droppedAttributesCount: { type: 'uint32', id: 7 },
            flags: { type: 'fixed32', id: 8 },
            traceId: { type: 'bytes', id: 9 },
            spanId: { type: 'bytes', id: 10 },
            eventName: { type: 'string', id: 12 },
          },
        },
      },
    },
  },
};
