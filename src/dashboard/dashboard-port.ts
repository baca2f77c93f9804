/** `--dashboard` without a port: k6's web dashboard's, so a habit carries over. */
export const DEFAULT_DASHBOARD_PORT = 5665
