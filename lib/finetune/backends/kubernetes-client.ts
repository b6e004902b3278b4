/**
 * The parts of the official Kubernetes client (`@kubernetes/client-node` 1.3.0) the Kubernetes backend uses. The
 * client's index re-exports `AbortError` from node-fetch, which only node-fetch 2.7 provides; TensorFlow.js (through
 * danfojs) hoists node-fetch 2.6, so package.json overrides node-fetch to 2.7.0 for the Kubernetes client alone.
 */
export { BatchV1Api, CoreV1Api, Exec, KubeConfig } from '@kubernetes/client-node';
export type { V1Job, V1Pod, V1Status } from '@kubernetes/client-node';
