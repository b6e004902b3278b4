/**
 * The parts of the official Kubernetes client (`@kubernetes/client-node` 1.3.0) the Kubernetes backend uses,
 * imported from the package's modules rather than its index: the index re-exports `AbortError` from
 * `node-fetch`, which node-fetch 2.6.x (the version hoisted in this workspace's node_modules, required `~2.6`
 * by TensorFlow.js) does not export, so `import … from '@kubernetes/client-node'` fails to load there. These
 * modules are the same classes the index exports.
 */
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export { BatchV1Api, CoreV1Api } from '@kubernetes/client-node/dist/api.js';
export { Exec } from '@kubernetes/client-node/dist/exec.js';
export type { V1Job, V1Pod, V1Status } from '@kubernetes/client-node/dist/api.js';
