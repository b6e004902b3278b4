/**
 * Stage 5: evaluation. So far: the analysis of the authors' human expert ratings (human-evaluation/).
 */
export * from './human-evaluation/index.js';
export * from './judge/index.js';
