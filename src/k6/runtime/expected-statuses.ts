// `edgeload/http` for converted scenarios: k6's http.expectedStatuses, for a scenario's responseCallback.
export { expectedStatuses } from '../../load/http/response-callback.ts'
